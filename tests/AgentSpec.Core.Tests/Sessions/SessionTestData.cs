using AgentSpec.Core.Sessions;

namespace AgentSpec.Core.Tests.Sessions;

/// <summary>Turns whose messages say which turn they belong to (u7 / a7), and the checks built on that.</summary>
internal static class SessionTestData
{
    public static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<SessionMessage> Turn(int i) => Turn($"{i}");

    public static IReadOnlyList<SessionMessage> Turn(string name) =>
    [
        new(SessionMessage.UserRole, $"u{name}", Start),
        new(SessionMessage.AssistantRole, $"a{name}", Start.AddMilliseconds(500)),
    ];

    public static IEnumerable<string> AllContents(int turns) =>
        Enumerable.Range(1, turns).SelectMany(i => new[] { $"u{i}", $"a{i}" });

    /// <summary>Exactly <paramref name="turns"/> turns, each user message immediately followed by its own reply, none twice.</summary>
    public static void AssertWholeDistinctTurns(IReadOnlyList<SessionMessage> messages, int turns)
    {
        Assert.Equal(2 * turns, messages.Count);
        AssertWholeDistinctTurns(messages);
    }

    /// <summary>Every user message immediately followed by its own reply, no turn twice; returns the turn names.</summary>
    public static HashSet<string> AssertWholeDistinctTurns(IReadOnlyList<SessionMessage> messages)
    {
        Assert.True(messages.Count % 2 == 0, $"{messages.Count} messages cannot be whole turns");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < messages.Count; i += 2)
        {
            var user = messages[i];
            var assistant = messages[i + 1];
            Assert.Equal(SessionMessage.UserRole, user.Role);
            Assert.Equal(SessionMessage.AssistantRole, assistant.Role);
            Assert.Equal("a" + user.Content[1..], assistant.Content);
            Assert.True(seen.Add(user.Content[1..]), $"turn {user.Content[1..]} is stored twice");
        }

        return seen;
    }

    public static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
