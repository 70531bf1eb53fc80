using System.Globalization;
using AgentSpec.Core.Sessions;

namespace AgentSpec.Benchmarks.Figures;

/// <summary>Chat messages of a realistic size (a short question, a longer answer) for the session figures.</summary>
internal static class ChatMessages
{
    private static readonly DateTimeOffset Sent = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    public static SessionMessage User(int n) => new(
        SessionMessage.UserRole,
        string.Create(CultureInfo.InvariantCulture, $"Where is my order #{n:D6}? It was due last week and the tracking page shows nothing."),
        Sent);

    public static SessionMessage Assistant(int n) => new(
        SessionMessage.AssistantRole,
        string.Create(CultureInfo.InvariantCulture, $"I'm sorry about the delay with order #{n:D6}. I checked with the warehouse: it left yesterday and should arrive within two days. Anything else I can help with?"),
        Sent);

    public static SessionMessage[] Turn(int n) => [User(n), Assistant(n)];

    /// <summary><paramref name="count"/> messages alternating user and assistant.</summary>
    public static List<SessionMessage> History(int count, int offset = 0)
    {
        var messages = new List<SessionMessage>(count);
        for (var i = 0; i < count; i++)
        {
            messages.Add(i % 2 == 0 ? User(offset + (i / 2)) : Assistant(offset + (i / 2)));
        }

        return messages;
    }
}
