namespace AgentSpec.Runtime.Tests.Sessions;

public static class ChatHistoryAssert
{
    /// <summary>
    /// The history holds exactly the given user messages, each immediately followed by the offline model's
    /// reply to it, none twice.
    /// </summary>
    public static void ExactlyOneTurnEach(IReadOnlyList<(string Role, string Content)> history, string agent, IReadOnlyCollection<string> sentMessages)
    {
        Assert.Equal(sentMessages.Count * 2, history.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < history.Count; i += 2)
        {
            var (userRole, userContent) = history[i];
            var (assistantRole, assistantContent) = history[i + 1];
            Assert.Equal("user", userRole);
            Assert.Equal("assistant", assistantRole);
            Assert.Equal($"[offline model] {agent} received: {userContent}", assistantContent);
            Assert.True(seen.Add(userContent), $"'{userContent}' appears twice.");
        }

        Assert.True(seen.SetEquals(sentMessages), "The history does not hold exactly the messages that were sent.");
    }
}
