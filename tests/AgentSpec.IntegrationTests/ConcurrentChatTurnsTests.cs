using AgentSpec.IntegrationTests.Infrastructure;
using AgentSpec.IntegrationTests.Runtime;

namespace AgentSpec.IntegrationTests;

/// <summary>
/// Integration test 3: 1,000 chat turns sent at once into one session, half through each runtime replica's
/// own address. Every turn is acknowledged and stored exactly once, its user message and reply adjacent.
/// </summary>
[Collection(AppHostTestGroup.Name)]
public sealed class ConcurrentChatTurnsTests
{
    private const int Turns = 1000;
    private readonly AgentSpecAppFixture _fixture;

    public ConcurrentChatTurnsTests(AgentSpecAppFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task A_thousand_concurrent_turns_over_both_replicas_are_all_stored_exactly_once_as_whole_turns()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        Assert.Equal(2, _fixture.RuntimeReplicas.Count);
        using var first = _fixture.CreateRuntimeClient(_fixture.RuntimeReplicas[0]);
        using var second = _fixture.CreateRuntimeClient(_fixture.RuntimeReplicas[1]);
        RuntimeApi[] replicas = [new(first), new(second)];

        var agent = TestAgent.UniqueName("concurrent");
        await replicas[0].DeployAgentAsync(TestAgent.Create(agent), cts.Token);
        var session = await replicas[1].CreateSessionAsync(agent, cts.Token);

        var messages = Enumerable.Range(0, Turns).Select(i => $"turn {i:D4}").ToArray();
        var replies = await Task.WhenAll(messages.Select((message, i) => replicas[i % 2].SendAsync(agent, session, message, cts.Token)));
        for (var i = 0; i < Turns; i++)
        {
            Assert.Equal($"[offline model] {agent} received: {messages[i]}", replies[i]);
        }

        var history = await replicas[0].AllMessagesAsync(agent, session, cts.Token);
        Assert.Equal(2 * Turns, history.Count);
        var stored = ChatHistory.AssertWholeTurns(history, agent);
        Assert.Equal(messages.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
    }
}
