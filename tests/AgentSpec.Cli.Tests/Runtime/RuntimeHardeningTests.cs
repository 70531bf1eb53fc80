using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AgentSpec.Cli.Runtime;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests.Runtime;

/// <summary>The CLI against runtimes that misbehave: redirects, silence, bad JSON, hostile text.</summary>
public sealed class RuntimeHardeningTests
{
    private const string ApiKey = "hardening-test-key-0123456789";
    private const string Hostile = "\u001b]52;c;ZXZpbA==\u0007 hi \u001b[2J\u009b31m\u007f";

    [Theory]
    [InlineData("agents")]
    [InlineData("sessions", "list", "support-bot")]
    [InlineData("sessions", "history", "support-bot", "sess_x")]
    public async Task A_redirect_to_another_host_is_an_error_and_the_api_key_never_reaches_it(params string[] command)
    {
        using var elsewhere = new CannedHttpServer(_ => CannedHttpServer.Json("""{"agents":[],"sessions":[],"has_more":false,"messages":[]}"""));
        using var redirecting = new CannedHttpServer(_ =>
            $"HTTP/1.1 307 Temporary Redirect\r\nLocation: {elsewhere.Url}v1/agents\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

        var run = await RunAsync(null, [.. command, "--runtime-url", redirecting.Url.ToString(), "--api-key", ApiKey]);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"answered HTTP 307, a redirect to {elsewhere.Url}v1/agents", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("so the API key was not sent there", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("hint: If that address is the real runtime, pass it with --runtime-url", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(elsewhere.Requests);
        Assert.Contains(redirecting.Requests, head => head.Contains($"X-API-Key: {ApiKey}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_runtime_that_never_answers_times_out_with_a_sentence_and_a_hint()
    {
        using var silent = new CannedHttpServer(_ => null);

        var run = await RunAsync(null, "agents", "--runtime-url", silent.Url.ToString(), "--timeout", "300ms");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"Error: Could not reach the runtime at {silent.Url}: no answer within 0.3 s.", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("allow more time with --timeout", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_timeout_can_come_from_AGENTSPEC_TIMEOUT_and_a_bad_value_there_is_a_sentence()
    {
        using var silent = new CannedHttpServer(_ => null);

        var run = await RunAsync(new() { ["AGENTSPEC_TIMEOUT"] = "200ms" }, "sessions", "history", "support-bot", "sess_x", "--runtime-url", silent.Url.ToString());
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("no answer within 0.2 s", run.Stderr, StringComparison.Ordinal);

        var bad = await RunAsync(new() { ["AGENTSPEC_TIMEOUT"] = "soon" }, "agents", "--runtime-url", silent.Url.ToString());
        Assert.True(bad.ExitCode == 1, bad.ToString());
        Assert.Contains("AGENTSPEC_TIMEOUT='soon' is not a request timeout", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_stops_contacting_a_runtime_that_timed_out()
    {
        // The preflight's GET /v1/agents is answered (with time to spare on a busy machine); every deploy then hangs.
        using var silent = new CannedHttpServer(head => head.StartsWith("GET /v1/agents ", StringComparison.Ordinal) ? CannedHttpServer.Json("""{"agents":[]}""") : null);
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "fleet.ias", """
            package "fleet" version "0.1.0" lang "2.0"

            agent "one" {
              model "m"
            }

            agent "two" {
              model "m"
            }

            agent "three" {
              model "m"
            }

            deploy "rt" target "runtime" {
              default true
            }
            """);

        var run = await InProcessCli.RunAsync(dir.Path, null, "apply", package, "--auto-approve", "--runtime-url", silent.Url.ToString(), "--timeout", "3s");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.True(Regex.Count(run.Stdout, Regex.Escape($"failed: could not reach the runtime at {silent.Url}: no answer within 3 s")) == 3, run.ToString());
        Assert.Equal(2, silent.Requests.Count);
    }

    [Fact]
    public async Task Apply_against_a_runtime_that_never_answers_times_out_in_the_preflight_and_writes_nothing()
    {
        using var silent = new CannedHttpServer(_ => null);
        using var dir = new TempDirectory();
        var package = Packages.Write(dir.Path, "one.ias", """
            package "one" version "0.1.0" lang "2.0"

            agent "one" {
              model "m"
            }

            deploy "rt" target "runtime" {
              default true
            }
            """);

        var run = await InProcessCli.RunAsync(dir.Path, null, "apply", package, "--auto-approve", "--runtime-url", silent.Url.ToString(), "--timeout", "300ms");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"Error: Could not reach the runtime at {silent.Url}: no answer within 0.3 s.", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("allow more time with --timeout", run.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("GET /v1/agents ", Assert.Single(silent.Requests), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir.Path, ".agentspec.state.json")));
    }

    [Theory]
    [InlineData("""{"agents":[{"name":null,"package":"p","fqn":"p/Agent/a","hash":"h"}]}""", "agents[0].name is missing", "agents")]
    [InlineData("""{"agents":[null]}""", "agents[0] is null", "agents")]
    [InlineData("""{}""", "agents is missing", "agents")]
    [InlineData("""{"has_more":false}""", "sessions is missing", "sessions", "list", "support-bot")]
    [InlineData("""{"sessions":[{"agent":"support-bot"}],"has_more":false}""", "sessions[0].session_id is missing", "sessions", "list", "support-bot")]
    [InlineData("""{"messages":[{"role":"user"}]}""", "messages[0].content is missing", "sessions", "history", "support-bot", "sess_x")]
    [InlineData("""null""", "an empty (null) body", "sessions", "history", "support-bot", "sess_x")]
    [InlineData("""{"output":"hi"}""", "session_id is missing", "sessions", "send", "support-bot", "sess_x", "hello")]
    public async Task A_success_answer_with_missing_fields_is_an_invalid_response_not_a_crash(string body, string problem, params string[] command)
    {
        using var server = new CannedHttpServer(_ => CannedHttpServer.Json(body));

        var run = await RunAsync(null, [.. command, "--runtime-url", server.Url.ToString()]);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains($"Error: The runtime at {server.Url} sent an invalid response: {problem}", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_characters_from_the_runtime_are_shown_not_obeyed_in_text_and_kept_in_json()
    {
        var message = new JsonObject { ["role"] = "user", ["content"] = Hostile, ["created_at"] = "2025-01-01T00:00:00Z" };
        var page = new JsonObject { ["messages"] = new JsonArray(message) }.ToJsonString();
        var reply = new JsonObject { ["output"] = Hostile, ["session_id"] = "sess_x", ["turns"] = 1, ["duration_ms"] = 1 }.ToJsonString();
        var agents = new JsonObject
        {
            ["agents"] = new JsonArray(new JsonObject
            {
                ["name"] = "a\u001b[2J", ["package"] = "p", ["fqn"] = "p/Agent/a", ["hash"] = "h", ["model"] = Hostile,
                ["deployed_at"] = "2025-01-01T00:00:00Z", ["updated_at"] = "2025-01-01T00:00:00Z",
            }),
        }.ToJsonString();
        using var server = new CannedHttpServer(head =>
            head.StartsWith("GET /v1/agents/support-bot/sessions/sess_x/messages", StringComparison.Ordinal) ? CannedHttpServer.Json(page)
            : head.StartsWith("GET /v1/agents ", StringComparison.Ordinal) ? CannedHttpServer.Json(agents)
            : head.StartsWith("POST ", StringComparison.Ordinal) ? CannedHttpServer.Json(reply)
            : CannedHttpServer.Json("""{"title":"Bad Request","status":400,"detail":"bad \u001b]0;owned\u0007 input","error":"invalid_request"}""", 400, "Bad Request"));
        var url = server.Url.ToString();

        var runs = new[]
        {
            await RunAsync(null, "sessions", "history", "support-bot", "sess_x", "--runtime-url", url),
            await RunAsync(null, "sessions", "send", "support-bot", "sess_x", "hello", "--runtime-url", url),
            await RunAsync(null, "agents", "--runtime-url", url),
            await InProcessCli.RunAsync(Path.GetTempPath(), "hello\n", "chat", "support-bot", "--session", "sess_x", "--runtime-url", url),
            await RunAsync(null, "sessions", "delete", "support-bot", "sess_x", "--runtime-url", url),
        };

        foreach (var run in runs)
        {
            Assert.DoesNotMatch("[\u0000-\u0008\u000b-\u001f\u007f-\u009f]", run.Stdout + run.Stderr);
        }

        Assert.Contains("\\u001b]52;c;ZXZpbA==\\u0007 hi \\u001b[2J\\u009b31m\\u007f", runs[0].Stdout, StringComparison.Ordinal);
        Assert.Contains("\\u001b[2J", runs[1].Stdout, StringComparison.Ordinal);
        Assert.Contains("a\\u001b[2J", runs[2].Stdout, StringComparison.Ordinal);
        Assert.Contains("\\u001b[2J", runs[3].Stdout, StringComparison.Ordinal);
        Assert.Contains("bad \\u001b]0;owned\\u0007 input", runs[4].Stderr, StringComparison.Ordinal);

        var json = await RunAsync(null, "sessions", "history", "support-bot", "sess_x", "--runtime-url", url, "-o", "json");
        Assert.DoesNotMatch("[\u0000-\u0008\u000b-\u001f\u007f-\u009f]", json.Stdout);
        Assert.Equal(Hostile, JsonNode.Parse(json.Stdout)!["messages"]![0]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_outcome_names_the_idempotency_key_to_retry_with()
    {
        using var server = new CannedHttpServer(_ => CannedHttpServer.Json(
            """{"title":"Service Unavailable","status":503,"detail":"The session store stopped answering after the turn was sent to it.","error":"outcome_unknown"}""", 503, "Service Unavailable"));

        var run = await RunAsync(null, "sessions", "send", "support-bot", "sess_x", "hello", "--runtime-url", server.Url.ToString());

        Assert.True(run.ExitCode == 1, run.ToString());
        // A POST with an Idempotency-Key is safe to retry, so the client's pipeline tries again; every attempt carries the one key.
        var keys = server.Requests.Select(request => Regex.Match(request, "Idempotency-Key: (agentspec-[0-9a-f]{32})").Groups[1].Value).Distinct().ToList();
        var sent = Assert.Single(keys);
        Assert.NotEmpty(sent);
        Assert.Contains($"retry with --idempotency-key {sent}:", run.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("'99999999999h' is too long; use at most 24h0m", "apply", "--lock-timeout", "99999999999h")]
    [InlineData("'0' is too short; use at least 1s", "apply", "--stale-lock-timeout", "0")]
    [InlineData("'soon' is not a duration", "apply", "--lock-timeout", "soon")]
    [InlineData("'0' is too short; use at least 1ms", "agents", "--timeout", "0")]
    [InlineData("'1e400h' is not a duration", "agents", "--timeout", "1e400h")]
    [InlineData("--force needs the lock id", "state", "unlock", "--force", "")]
    public async Task Bad_option_values_are_one_sentence_not_a_stack_trace(string expected, params string[] args)
    {
        using var dir = new TempDirectory();
        var run = await InProcessCli.RunAsync(dir.Path, null, args);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains(expected, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    private static Task<CliRun> RunAsync(Dictionary<string, string>? environment, params string[] args) =>
        InProcessCli.RunWithEnvironmentAsync(Path.GetTempPath(), null, environment, args);
}
