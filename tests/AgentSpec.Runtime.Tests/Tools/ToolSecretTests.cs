using System.Diagnostics;
using System.Text.Json.Nodes;
using AgentSpec.Runtime.Hosting;
using AgentSpec.Runtime.Tests.Hosting;
using AgentSpec.Runtime.Tests.Models;
using AgentSpec.Runtime.Tests.Redis;
using AgentSpec.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using StackExchange.Redis;

namespace AgentSpec.Runtime.Tests.Tools;

public sealed class ToolSecretTests : IClassFixture<RedisFixture>
{
    private const string Secret = "s3cr3t-7c1e0d5b";

    private readonly RedisFixture _redis;

    public ToolSecretTests(RedisFixture redis)
    {
        _redis = redis;
    }

    [Fact]
    public async Task Secrets_reach_the_tools_and_never_Redis_the_logs_or_the_exported_spans()
    {
        await using var server = await FakeOpenAiEndpoint.StartAsync();
        server.Tools["authorized"] = (context, _) => context.Response.WriteAsync(
            context.Request.Headers.Authorization == $"Bearer {Secret}" ? "authorized" : "refused");

        // A careless API that quotes the credential back in its error.
        server.Tools["leaky"] = (context, _) =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return context.Response.WriteAsync($"token {context.Request.Headers["X-Token"]} has expired");
        };
        var prefix = $"sec{Guid.NewGuid():N}:";
        var spans = new ExportedCollection<Activity>();
        await using var runtime = await RuntimeInstance.StartAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:redis"] = _redis.Server.ConnectionString,
                [RuntimeSettings.RedisKeyPrefixKey] = prefix,
                ["AgentSpec:Secrets:shop-token"] = Secret,
                ["AgentSpec:Tools:AllowedHosts:0"] = "127.0.0.1",
                ["AgentSpec:Tools:AllowedBinaries:0"] = "env",
                ["Logging:LogLevel:Default"] = "Trace",
                ["Logging:LogLevel:Microsoft"] = "Trace",
                ["Logging:LogLevel:System.Net.Http"] = "Trace",
            },
            builder => builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(spans)));
        using var client = runtime.CreateClient();
        var session = await ToolAgents.DeployAsync(
            client,
            "guarded",
            null,
            ("authorized", ToolAgents.Http(server.ToolUrl("authorized"), headers: new JsonObject { ["Authorization"] = "Bearer {{secret:shop-token}}" })),
            ("leaky", ToolAgents.Http(server.ToolUrl("leaky"), headers: new JsonObject { ["X-Token"] = "{{secret:shop-token}}" })),
            ("environment", ToolAgents.Command("env", secrets: new JsonObject { ["SHOP_TOKEN"] = "shop-token" })),
            ("unset", ToolAgents.Command("env", secrets: new JsonObject { ["OTHER"] = "never-configured" })));

        Assert.Equal("authorized", await ToolAgents.CallAsync(client, "guarded", session, "authorized"));
        Assert.Equal($"error: GET {server.ToolUrl("leaky")} answered 403 Forbidden: token [secret] has expired", await ToolAgents.CallAsync(client, "guarded", session, "leaky"));
        Assert.Contains("SHOP_TOKEN=[secret]", (await ToolAgents.CallAsync(client, "guarded", session, "environment")).Split('\n'));
        Assert.Equal(
            "error: secret 'never-configured' is not configured on the runtime (set AgentSpec:Secrets:never-configured)",
            await ToolAgents.CallAsync(client, "guarded", session, "unset"));
        Assert.Equal(16, (await Api.HistoryAsync(client, "guarded", session)).Count);

        await using var connection = await _redis.Server.ConnectAsync();
        var stored = await DumpAsync(connection, prefix);
        Assert.Contains("SHOP_TOKEN=[secret]", stored, StringComparison.Ordinal);
        Assert.Contains("\"tool_name\":\"environment\"", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, stored, StringComparison.Ordinal);

        var logs = runtime.Logs.GetSnapshot();
        Assert.Contains(logs, record => record.Message.Contains("token [secret] has expired", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, record => record.Message.Contains(Secret, StringComparison.Ordinal) || (record.Exception?.ToString().Contains(Secret, StringComparison.Ordinal) ?? false));

        Assert.Contains(spans, span => span.DisplayName == "execute_tool leaky");
        foreach (var span in spans)
        {
            var text = string.Join('\n', span.TagObjects.Select(tag => $"{tag.Key}={tag.Value}").Concat(span.Events.SelectMany(e => e.Tags.Select(tag => $"{tag.Key}={tag.Value}"))));
            Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        }
    }

    /// <summary>Every value stored under <paramref name="prefix"/>, whatever its type.</summary>
    private static async Task<string> DumpAsync(ConnectionMultiplexer connection, string prefix)
    {
        var database = connection.GetDatabase();
        var values = new List<string>();
        foreach (var key in connection.GetServers()[0].Keys(pattern: prefix + "*"))
        {
            values.Add(key.ToString());
            switch (await database.KeyTypeAsync(key))
            {
                case RedisType.String:
                    values.Add((await database.StringGetAsync(key)).ToString());
                    break;
                case RedisType.List:
                    values.AddRange((await database.ListRangeAsync(key)).Select(v => v.ToString()));
                    break;
                case RedisType.Hash:
                    values.AddRange((await database.HashGetAllAsync(key)).Select(e => $"{e.Name}={e.Value}"));
                    break;
                case RedisType.Set:
                    values.AddRange((await database.SetMembersAsync(key)).Select(v => v.ToString()));
                    break;
                case RedisType.SortedSet:
                    values.AddRange((await database.SortedSetRangeByRankAsync(key)).Select(v => v.ToString()));
                    break;
            }
        }

        Assert.NotEmpty(values);
        return string.Join('\n', values);
    }
}
