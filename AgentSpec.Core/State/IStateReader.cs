namespace AgentSpec.Core.State;

/// <summary>
/// Reading state without the lock: what <c>plan</c>, <c>state list</c> and <c>state show</c> need. The commit
/// protocol guarantees that every read sees a whole state. A missing state is an empty state.
/// </summary>
public interface IStateReader
{
    /// <summary>Where the state lives, for messages (a file path, a URL).</summary>
    string Location { get; }

    Task<StateDocument> ReadAsync(CancellationToken cancellationToken);
}
