namespace AgentSpec.IntegrationTests.Runtime;

/// <summary>Checks a session's history: whole turns (user then assistant, adjacent), each user message once.</summary>
public static class ChatHistory
{
    /// <summary>Returns the user messages in history order; fails on a broken pair or a duplicate.</summary>
    public static IReadOnlyList<string> AssertWholeTurns(IReadOnlyList<ChatMessageView> history, string agent)
    {
        ArgumentNullException.ThrowIfNull(history);
        Assert.True(history.Count % 2 == 0, $"The history has {history.Count} messages, which is not a whole number of turns.");
        var users = new List<string>();
        for (var i = 0; i < history.Count; i += 2)
        {
            var user = history[i];
            var assistant = history[i + 1];
            Assert.True(user.Role == "user", $"Message {i} is a {user.Role} message where a turn's user message belongs.");
            Assert.True(assistant.Role == "assistant", $"Message {i + 1} is a {assistant.Role} message where the reply to '{user.Content}' belongs.");
            Assert.Equal($"[offline model] {agent} received: {user.Content}", assistant.Content);
            users.Add(user.Content);
        }

        var duplicates = users.GroupBy(u => u, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        Assert.True(duplicates.Length == 0, $"User messages stored more than once: {string.Join(", ", duplicates.Take(10))}");
        return users;
    }
}
