using AgentSpec.AppHost.Cli;
using AgentSpec.IntegrationTests.Infrastructure;
using AgentSpec.IntegrationTests.Telemetry;
using AgentSpec.Testing;

namespace AgentSpec.IntegrationTests;

/// <summary>
/// The dashboard commands' traces are named after the command (docs/telemetry.md, "Command spans"). The
/// AppHost's Plan and State status commands run the real CLI with <see cref="CliArguments"/> and an OTLP
/// exporter; here the same command lines export to an endpoint the test controls instead of the dashboard,
/// so the whole trace can be read back: its root span is <c>agentspec plan</c> / <c>agentspec state status</c>
/// and every state span hangs below it.
/// </summary>
public sealed class CliCommandTraceTests
{
    private const string ServiceName = "cli";

    [Fact]
    public async Task The_plan_dashboard_command_is_one_trace_rooted_in_an_agentspec_plan_span()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var examples = new TempDirectory("agentspec-it-trace-");
        ExampleFiles.CopyTo(examples.Path);

        var run = await AgentSpecCliProcess.RunAsync(CliArguments.Plan(Path.Combine(examples.Path, "support-bot")), receiver.ExporterEnvironment(ServiceName));

        Assert.True(run.ExitCode is 0 or 2, run.ToString());
        var root = AssertOneTraceRootedIn(receiver.Spans, "agentspec plan");
        Assert.Equal(run.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture), root.Attributes["process.exit.code"]);
        var load = Assert.Single(receiver.Spans, s => s.Name == "state.load");
        Assert.Equal(root.SpanId, load.ParentSpanId);
    }

    [Fact]
    public async Task The_state_status_dashboard_command_is_one_trace_rooted_in_an_agentspec_state_status_span()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var examples = new TempDirectory("agentspec-it-trace-");
        ExampleFiles.CopyTo(examples.Path);

        var run = await AgentSpecCliProcess.RunAsync(CliArguments.StateStatus(Path.Combine(examples.Path, "support-bot")), receiver.ExporterEnvironment(ServiceName));

        Assert.True(run.ExitCode == 0, run.ToString());
        var root = AssertOneTraceRootedIn(receiver.Spans, "agentspec state status");
        Assert.Equal("0", root.Attributes["process.exit.code"]);
        Assert.Equal("state status", root.Attributes["agentspec.command"]);
    }

    [Fact]
    public async Task A_failed_command_carries_its_error_type_and_an_error_status()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        using var examples = new TempDirectory("agentspec-it-trace-");
        ExampleFiles.CopyTo(examples.Path);
        var package = Path.Combine(examples.Path, "support-bot");
        await File.WriteAllTextAsync(Path.Combine(package, ".agentspec.state.json"), "{ damaged");

        var run = await AgentSpecCliProcess.RunAsync(CliArguments.Plan(package), receiver.ExporterEnvironment(ServiceName));

        Assert.NotEqual(0, run.ExitCode);
        var root = AssertOneTraceRootedIn(receiver.Spans, "agentspec plan");
        Assert.Equal(2, root.StatusCode);
        Assert.False(string.IsNullOrEmpty(root.Attributes["error.type"]));
    }

    /// <summary>The CLI's spans form one trace, its single root is <paramref name="rootName"/>, and every other span descends from it.</summary>
    private static OtlpSpan AssertOneTraceRootedIn(IReadOnlyList<OtlpSpan> received, string rootName)
    {
        var spans = received.Where(s => s.Scope.StartsWith("AgentSpec.", StringComparison.Ordinal)).ToList();
        var root = Assert.Single(spans, s => s.ParentSpanId.Length == 0);
        Assert.Equal(rootName, root.Name);
        Assert.Equal("AgentSpec.Cli", root.Scope);
        Assert.Equal(ServiceName, root.ServiceName);
        Assert.All(spans, s => Assert.Equal(root.TraceId, s.TraceId));
        var ids = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        Assert.All(spans.Where(s => s != root), s => Assert.Contains(s.ParentSpanId, ids));
        return root;
    }
}
