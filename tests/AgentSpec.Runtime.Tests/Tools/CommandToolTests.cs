using System.Text.Json.Nodes;
using AgentSpec.Runtime.Tests.Hosting;

namespace AgentSpec.Runtime.Tests.Tools;

public sealed class CommandToolTests
{
    [Fact]
    public async Task A_command_tool_runs_an_allowed_binary_without_a_shell_with_the_input_on_stdin_and_fails_cleanly_otherwise()
    {
        await using var runtime = await RuntimeInstance.StartAsync(new Dictionary<string, string?>
        {
            ["AgentSpec:Tools:AllowedBinaries:0"] = "cat",
            ["AgentSpec:Tools:AllowedBinaries:1"] = "env",
            ["AgentSpec:Tools:AllowedBinaries:2"] = "sleep",
            ["AgentSpec:Tools:AllowedBinaries:3"] = "yes",
            ["AgentSpec:Tools:AllowedBinaries:4"] = "false",
            ["AgentSpec:Tools:MaxOutputBytes"] = "4096",
            ["AgentSpec:Secrets:runner-token"] = "tok-7f3a9c2e",
            ["ConnectionStrings:not-for-tools"] = "host=secret-db",
        });
        using var client = runtime.CreateClient();
        var session = await ToolAgents.DeployAsync(
            client,
            "runner",
            null,
            ("echo", ToolAgents.Command("cat")),
            ("environment", ToolAgents.Command("env", env: new JsonObject { ["MODE"] = "test" }, secrets: new JsonObject { ["TOKEN"] = "runner-token" })),
            ("slow", ToolAgents.Command("sleep", args: ["30"], timeout: "300ms")),
            ("chatty", ToolAgents.Command("yes")),
            ("failing", ToolAgents.Command("false")),
            ("listing", ToolAgents.Command("ls", args: ["/"])));

        // No shell: the quote and the $(…) reach the binary as data.
        Assert.Equal("""{"q":"it's $(whoami)"}""", await ToolAgents.CallAsync(client, "runner", session, "echo", "it's $(whoami)"));

        var environment = (await ToolAgents.CallAsync(client, "runner", session, "environment")).Split('\n');
        Assert.Contains("MODE=test", environment);
        Assert.Contains("TOKEN=[secret]", environment);
        Assert.DoesNotContain(environment, line => line.Contains("secret-db", StringComparison.Ordinal) || line.StartsWith("AgentSpec", StringComparison.OrdinalIgnoreCase));

        Assert.Equal("error: 'sleep' timed out after 300ms and was stopped", await ToolAgents.CallAsync(client, "runner", session, "slow"));
        Assert.Equal("error: 'yes' wrote more than the runtime's cap of 4096 bytes (AgentSpec:Tools:MaxOutputBytes) and was stopped", await ToolAgents.CallAsync(client, "runner", session, "chatty"));
        Assert.Equal("error: 'false' exited with code 1", await ToolAgents.CallAsync(client, "runner", session, "failing"));
        Assert.Equal(
            "error: binary 'ls' is not on the runtime's allow-list (configure AgentSpec:Tools:AllowedBinaries)",
            await ToolAgents.CallAsync(client, "runner", session, "listing"));
    }

    [Fact]
    public async Task A_command_that_times_out_is_killed_with_its_whole_process_tree()
    {
        var marker = Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var runtime = await RuntimeInstance.StartAsync(new Dictionary<string, string?> { ["AgentSpec:Tools:AllowedBinaries:0"] = "sh" });
        using var client = runtime.CreateClient();

        // sh is only the test's way to start a grandchild; the runtime itself never uses a shell.
        var session = await ToolAgents.DeployAsync(client, "forker", null, ("fork", ToolAgents.Command("sh", args: ["-c", $"sleep {marker} & sleep {marker}"], timeout: "500ms")));

        Assert.Equal("error: 'sh' timed out after 500ms and was stopped", await ToolAgents.CallAsync(client, "forker", session, "fork"));
        Assert.Empty(ProcessesRunning("sleep", marker));
    }

    private static List<string> ProcessesRunning(string binary, string argument)
    {
        var found = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Split('\0');
                if (commandLine.Length >= 2 && Path.GetFileName(commandLine[0]) == binary && commandLine[1] == argument)
                {
                    found.Add(directory);
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
