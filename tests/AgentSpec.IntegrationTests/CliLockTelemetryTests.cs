using System.Globalization;
using AgentSpec.IntegrationTests.Infrastructure;
using AgentSpec.IntegrationTests.Telemetry;
using AgentSpec.Testing;

namespace AgentSpec.IntegrationTests;

/// <summary>
/// Integration test 4: the CLI's lock events reach OpenTelemetry. The CLI exports over OTLP/HTTP to an
/// endpoint the test controls (as it exports to the dashboard under the AppHost), and the logs and spans
/// of the state lock arrive with their fields, including the WARN of a forced stale-lock recovery.
/// </summary>
public sealed class CliLockTelemetryTests
{
    private const string ServiceName = "agentspec-it";
    private const int Warn = 13;
    private const int Info = 9;

    [Fact]
    public async Task Lock_acquired_and_released_logs_and_the_lock_and_commit_spans_arrive_with_their_fields()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var examples = new TempDirectory("agentspec-it-otel-");
        ExampleFiles.CopyTo(examples.Path);
        var package = Path.Combine(examples.Path, "record-only");
        var statePath = Path.Combine(package, ".agentspec.state.json");

        var run = await AgentSpecCliProcess.RunAsync(["--chdir", package, "apply", "--auto-approve"], receiver.ExporterEnvironment(ServiceName));
        Assert.True(run.ExitCode == 0, run.ToString());

        var acquired = Assert.Single(receiver.Logs, r => r.EventName == "StateLockAcquired" || r.Body.StartsWith("Acquired the state lock", StringComparison.Ordinal));
        Assert.Equal(ServiceName, acquired.ServiceName);
        Assert.Equal(Info, acquired.SeverityNumber);
        Assert.Equal(statePath, acquired.Attributes["path"]);
        var lockId = acquired.Attributes["lock_id"];
        Assert.False(string.IsNullOrEmpty(lockId));
        Assert.True(int.Parse(acquired.Attributes["pid"], CultureInfo.InvariantCulture) > 0);
        Assert.True(double.Parse(acquired.Attributes["wait_ms"], CultureInfo.InvariantCulture) >= 0);

        var released = Assert.Single(receiver.Logs, r => r.EventName == "StateLockReleased" || r.Body.StartsWith("Released the state lock", StringComparison.Ordinal));
        Assert.Equal(Info, released.SeverityNumber);
        Assert.Equal(statePath, released.Attributes["path"]);
        Assert.Equal(lockId, released.Attributes["lock_id"]);
        Assert.Equal(acquired.Attributes["pid"], released.Attributes["pid"]);
        Assert.True(double.Parse(released.Attributes["held_ms"], CultureInfo.InvariantCulture) >= 0);

        var lockSpan = Assert.Single(receiver.Spans, s => s.Name == "state.lock.acquire");
        Assert.Equal("AgentSpec.State", lockSpan.Scope);
        Assert.Equal(ServiceName, lockSpan.ServiceName);
        Assert.Equal(statePath, lockSpan.Attributes["state.path"]);
        var commit = Assert.Single(receiver.Spans, s => s.Name == "state.commit");
        Assert.Equal("AgentSpec.State", commit.Scope);
        Assert.Equal(statePath, commit.Attributes["state.path"]);
    }

    [Fact]
    public async Task A_stale_lock_left_by_a_killed_holder_is_recovered_with_a_warning_that_reaches_OpenTelemetry()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var examples = new TempDirectory("agentspec-it-stale-");
        ExampleFiles.CopyTo(examples.Path);
        var package = Path.Combine(examples.Path, "record-only");
        var statePath = Path.Combine(package, ".agentspec.state.json");
        var deadPid = await DeadLockHolder.LeaveStaleLockAsync(statePath);

        var run = await AgentSpecCliProcess.RunAsync(["--chdir", package, "apply", "--auto-approve"], receiver.ExporterEnvironment(ServiceName));
        Assert.True(run.ExitCode == 0, run.ToString());

        var warning = Assert.Single(receiver.Logs, r => r.EventName == "StateStaleLockRecovered" || r.Body.StartsWith("Stale lock recovered", StringComparison.Ordinal));
        Assert.Equal(Warn, warning.SeverityNumber);
        Assert.Equal(ServiceName, warning.ServiceName);
        Assert.Equal(statePath, warning.Attributes["path"]);
        Assert.Equal(deadPid.ToString(CultureInfo.InvariantCulture), warning.Attributes["stale_pid"]);
        Assert.Equal(Environment.MachineName, warning.Attributes["stale_host"]);
        Assert.False(string.IsNullOrEmpty(warning.Attributes["stale_age"]));

        // The recovered lock was then taken and released normally.
        Assert.Single(receiver.Logs, r => r.EventName == "StateLockAcquired" || r.Body.StartsWith("Acquired the state lock", StringComparison.Ordinal));
        Assert.Single(receiver.Logs, r => r.EventName == "StateLockReleased" || r.Body.StartsWith("Released the state lock", StringComparison.Ordinal));
    }
}
