namespace AgentSpec.Core.Apply;

/// <summary>
/// An agent's <c>memory { max_messages N }</c>: the model sees the newest N messages of a session and
/// the session keeps only the newest N. Without it the model sees the newest
/// <see cref="DefaultWindow"/> and the history is kept whole.
/// </summary>
public sealed record AgentMemoryDefinition(int? MaxMessages)
{
    public const int DefaultWindow = 50;
}
