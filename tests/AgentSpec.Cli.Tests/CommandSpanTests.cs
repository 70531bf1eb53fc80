using System.Collections.Concurrent;
using System.Diagnostics;
using AgentSpec.Cli.Telemetry;
using AgentSpec.Core.Telemetry;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// Every command run is one trace whose root span is named after the command, with the state, lock and
/// apply spans as its children (docs/telemetry.md, "Command spans"). Each run happens under a test-owned
/// parent span, so spans of tests running in parallel in this process never mix into the assertions.
/// </summary>
public sealed class CommandSpanTests : IDisposable
{
    private static readonly ActivitySource TestSource = new("AgentSpec.Cli.Tests.CommandSpans");
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;

    public CommandSpanTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("AgentSpec.", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    [Theory]
    [InlineData(false, 0, "validate", new[] { "validate" }, new string[0])]
    [InlineData(false, 2, "plan", new[] { "plan" }, new[] { "state.load" })]
    [InlineData(false, 0, "apply", new[] { "apply", "--auto-approve" }, new[] { "apply", "state.lock.acquire", "state.load", "state.commit" })]
    [InlineData(true, 0, "state status", new[] { "state", "status" }, new string[0])]
    [InlineData(true, 0, "state list", new[] { "state", "list" }, new[] { "state.load" })]
    [InlineData(true, 0, "destroy", new[] { "destroy", "--auto-approve" }, new[] { "apply", "state.lock.acquire", "state.load", "state.commit" })]
    public async Task The_root_span_is_named_after_the_command_and_the_other_spans_are_its_children(
        bool applyFirst, int exitCode, string command, string[] args, string[] childSpans)
    {
        using var dir = new TempDirectory();
        Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo"));
        if (applyFirst)
        {
            var applied = await InProcessCli.RunAsync(dir.Path, null, "apply", "--auto-approve");
            Assert.True(applied.ExitCode == 0, applied.ToString());
        }

        var (run, spans, parent) = await RunTracedAsync(dir.Path, args);

        Assert.True(run.ExitCode == exitCode, run.ToString());
        var root = Assert.Single(spans, s => s.ParentSpanId == parent.SpanId);
        Assert.Equal($"agentspec {command}", root.DisplayName);
        Assert.Equal(AgentSpecTelemetry.CliSourceName, root.Source.Name);
        Assert.Equal(command, root.GetTagItem(CommandSpan.CommandTag));
        Assert.Equal("agentspec", root.GetTagItem(CommandSpan.ExecutableNameTag));
        Assert.Equal(exitCode, root.GetTagItem(CommandSpan.ExitCodeTag));
        Assert.Null(root.GetTagItem(CommandSpan.ErrorTypeTag));
        Assert.NotEqual(ActivityStatusCode.Error, root.Status);
        foreach (var child in childSpans)
        {
            Assert.Contains(spans, s => s.DisplayName == child);
        }

        // The other spans hang below the command span: directly, or below its apply span.
        Assert.All(spans.Where(s => s != root), s => Assert.True(
            s.ParentSpanId == root.SpanId || spans.Any(p => p.SpanId == s.ParentSpanId && p.ParentSpanId == root.SpanId),
            $"{s.DisplayName} is not below {root.DisplayName}"));
        if (childSpans.Contains("apply"))
        {
            Assert.Equal(root.SpanId, Assert.Single(spans, s => s.DisplayName == "apply").ParentSpanId);
        }
    }

    [Fact]
    public async Task A_failing_command_records_its_exit_code_and_error_type_with_an_error_status()
    {
        using var dir = new TempDirectory();
        Packages.Write(dir.Path, "demo.ias", Packages.RecordOnly("demo"));

        var (run, spans, parent) = await RunTracedAsync(dir.Path, "state", "show", "demo/Agent/nope");

        Assert.Equal(1, run.ExitCode);
        var root = Assert.Single(spans, s => s.ParentSpanId == parent.SpanId);
        Assert.Equal("agentspec state show", root.DisplayName);
        Assert.Equal(1, root.GetTagItem(CommandSpan.ExitCodeTag));
        Assert.False(string.IsNullOrEmpty(root.GetTagItem(CommandSpan.ErrorTypeTag) as string));
        Assert.Equal(ActivityStatusCode.Error, root.Status);
    }

    [Fact]
    public async Task Arguments_are_not_recorded_because_they_may_hold_an_api_key()
    {
        using var dir = new TempDirectory();

        var (_, spans, parent) = await RunTracedAsync(dir.Path, "agents", "--runtime-url", "http://127.0.0.1:9", "--api-key", "secret-key-value", "--timeout", "1s");

        var root = Assert.Single(spans, s => s.ParentSpanId == parent.SpanId);
        Assert.Equal("agentspec agents", root.DisplayName);
        Assert.DoesNotContain(spans.SelectMany(s => s.TagObjects), tag => tag.Value is string text && text.Contains("secret-key-value", StringComparison.Ordinal));
    }

    private async Task<(CliRun Run, IReadOnlyList<Activity> Spans, Activity Parent)> RunTracedAsync(string workingDirectory, params string[] args)
    {
        CliRun run;
        Activity parent;
        using (parent = TestSource.StartActivity("test")!)
        {
            run = await InProcessCli.RunAsync(workingDirectory, null, args);
        }

        return (run, _stopped.Where(s => s.TraceId == parent.TraceId && s != parent).ToList(), parent);
    }
}
