using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AgentSpec.IntegrationTests.Infrastructure;
using AgentSpec.IntegrationTests.Runtime;
using AgentSpec.IntegrationTests.Telemetry;

namespace AgentSpec.IntegrationTests;

/// <summary>
/// Issue 13's demo under the AppHost: <c>examples/support-bot</c> applied to the orchestrated runtime, a message
/// that makes the offline model call the <c>order-status</c> skill, whose http tool reaches the <c>demo-orders</c>
/// resource through service discovery. The turn's trace holds the GenAI <c>execute_tool</c> span, and below it
/// the demo service's own request span (docs/architecture.md, "The demo order service").
/// </summary>
[Collection(AppHostTestGroup.Name)]
public sealed class DemoToolTraceTests
{
    private const string Agent = "support-bot";
    private const string ToolSpanName = "execute_tool order-status";
    private readonly AgentSpecAppFixture _fixture;

    public DemoToolTraceTests(AgentSpecAppFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task A_message_naming_the_order_status_skill_calls_demo_orders_and_the_tool_span_is_in_the_turn_trace()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));

        // A copy of the example, so this apply's state file stays out of the repository's examples folder (the
        // cli resource keeps its state in redis, and CliApplyTests checks that no state file appears there).
        var package = Directory.CreateTempSubdirectory("agentspec-demo-tool-");
        foreach (var file in Directory.GetFiles(_fixture.CliWorkingDirectory, "*.ias"))
        {
            File.Copy(file, Path.Combine(package.FullName, Path.GetFileName(file)));
        }

        var apply = await AgentSpecCliProcess.RunAsync(
            ["--chdir", package.FullName, "apply", "--auto-approve"],
            new Dictionary<string, string?>
            {
                ["services__runtime__http__0"] = _fixture.RuntimeUrl.ToString(),
                ["AGENTSPEC_API_KEY"] = _fixture.ApiKey,
            });
        package.Delete(recursive: true);
        Assert.True(apply.ExitCode == 0, apply.ToString());

        using var http = _fixture.CreateRuntimeClient();
        var session = await new RuntimeApi(http).CreateSessionAsync(Agent, cts.Token);

        // The caller's trace context, so the turn's trace is known without guessing which trace is the turn's.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var callerSpanId = ActivitySpanId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/v1/agents/{Agent}/sessions/{session}", UriKind.Relative))
        {
            Content = JsonContent.Create(new Dictionary<string, string> { ["message"] = """use skill "order-status" {"order_id": "1042"}""" }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");
        using var response = await http.SendAsync(request, cts.Token);
        var body = await response.Content.ReadAsStringAsync(cts.Token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var reply = JsonDocument.Parse(body);
        var output = reply.RootElement.GetProperty("output").GetString()!;
        Assert.StartsWith($"[offline model] {Agent} received: use skill \"order-status\"", output, StringComparison.Ordinal);
        Assert.Contains("; tool order-status returned: {\"order_id\":\"1042\",\"status\":\"shipped\"", output, StringComparison.Ordinal);
        Assert.Equal(2, reply.RootElement.GetProperty("turns").GetInt32());

        using var spanWait = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        spanWait.CancelAfter(TimeSpan.FromMinutes(1));
        var tool = await WaitForSpanAsync(traceId, s => s.Name == ToolSpanName, spanWait.Token);
        var demoRequest = await WaitForSpanAsync(
            traceId, s => s.Scope == "Microsoft.AspNetCore" && s.Attributes.GetValueOrDefault("url.path") == "/orders/1042", spanWait.Token);
        var turn = await WaitForSpanAsync(traceId, s => s.ParentSpanId == callerSpanId, spanWait.Token);

        var trace = _fixture.Telemetry.Spans.Where(s => s.TraceId == traceId).ToList();
        Assert.Equal("order-status", tool.Attributes["gen_ai.tool.name"]);
        Assert.Contains(turn, Ancestors(tool, trace));
        Assert.Contains(tool, Ancestors(demoRequest, trace));
        Assert.Equal("POST", turn.Attributes["http.request.method"]);
        Assert.Equal("200", turn.Attributes["http.response.status_code"]);
        Assert.Equal("200", demoRequest.Attributes["http.response.status_code"]);
    }

    /// <summary>The spans above <paramref name="span"/> in its trace, nearest first.</summary>
    private static List<OtlpSpan> Ancestors(OtlpSpan span, IReadOnlyList<OtlpSpan> trace)
    {
        var ancestors = new List<OtlpSpan>();
        var current = span;
        while (trace.FirstOrDefault(s => s.SpanId == current.ParentSpanId) is { } parent && !ancestors.Contains(parent))
        {
            ancestors.Add(parent);
            current = parent;
        }

        return ancestors;
    }

    /// <summary>Spans arrive in export batches, after the reply; waits for one of trace <paramref name="traceId"/> (a deadline bounds the wait).</summary>
    private async Task<OtlpSpan> WaitForSpanAsync(string traceId, Func<OtlpSpan, bool> match, CancellationToken cancellationToken)
    {
        while (true)
        {
            var trace = _fixture.Telemetry.Spans.Where(s => s.TraceId == traceId).ToList();
            if (trace.FirstOrDefault(match) is { } span)
            {
                return span;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"The span never arrived. The trace has: {string.Join(", ", trace.Select(s => $"{s.ServiceName}/{s.Scope}/{s.Name}"))}");
            }
        }
    }
}
