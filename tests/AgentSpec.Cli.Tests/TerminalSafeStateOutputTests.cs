using System.Text.Json.Nodes;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

/// <summary>Lock-holder fields are written by whoever can write the lock info file: they must not drive the terminal.</summary>
public sealed class TerminalSafeStateOutputTests
{
    private const string Hostile = "host\u001b]52;c;ZXZpbA==\u0007\u001b[2J";

    [Fact]
    public async Task State_status_and_unlock_show_control_characters_in_lock_holder_fields_as_escapes()
    {
        using var dir = new TempDirectory();
        var info = new JsonObject
        {
            ["lock_id"] = "lock\u001b[31m-1",
            ["pid"] = 4242,
            ["hostname"] = Hostile,
            ["user"] = "someone",
            ["operation"] = "apply\u009b2J",
            ["created"] = "2025-01-01T00:00:00Z",
            ["renewed"] = "2025-01-01T00:00:00Z",
        };
        File.WriteAllText(dir.File(".agentspec.state.json.lock.info"), info.ToJsonString());

        var status = await InProcessCli.RunAsync(dir.Path, null, "state", "status");
        var unlock = await InProcessCli.RunAsync(dir.Path, null, "state", "unlock", "--force", "other-id");

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("PID 4242 on host\\u001b]52;c;ZXZpbA==\\u0007\\u001b[2J (apply\\u009b2J", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("lock id lock\\u001b[31m-1", status.Stdout, StringComparison.Ordinal);
        Assert.True(unlock.ExitCode == 1, unlock.ToString());
        foreach (var run in new[] { status, unlock })
        {
            Assert.DoesNotMatch("[\u0000-\u0008\u000b-\u001f\u007f-\u009f]", run.Stdout + run.Stderr);
        }

        var json = await InProcessCli.RunAsync(dir.Path, null, "state", "status", "-o", "json");
        Assert.Equal(Hostile, JsonNode.Parse(json.Stdout)!["lock"]!["holder"]!["hostname"]!.GetValue<string>());
    }
}
