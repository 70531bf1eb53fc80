using System.Globalization;

namespace AgentSpec.Core.State.Errors;

/// <summary>
/// A commit with <c>ReplicasToWait</c> = N (<c>--state-redis-replicas N</c>) was written on the primary, but
/// fewer than N replicas confirmed it (<c>WAIT</c>) within the timeout (docs/state.md, "Redis backend",
/// "Durability"). Unlike <see cref="StateBackendUnavailableException"/> the outcome is known: the primary
/// holds the new serial, and it may not survive the loss of the primary.
/// </summary>
public sealed class StateNotReplicatedException : StateException
{
    public StateNotReplicatedException(string location, string endpoint, long serial, long confirmed, int required, string timeout)
        : base(
            location,
            string.Create(
                CultureInfo.InvariantCulture,
                $"The state server {endpoint} wrote serial {serial} on the primary, but only {confirmed} of the {required} replicas required confirmed it within {timeout}, so it is not known to survive the loss of the primary."))
    {
        Serial = serial;
        Confirmed = confirmed;
        Required = required;
    }

    /// <summary>The serial now stored on the primary.</summary>
    public long Serial { get; }

    /// <summary>How many replicas confirmed the write.</summary>
    public long Confirmed { get; }

    /// <summary>How many were required.</summary>
    public int Required { get; }

    public string Hint => string.Create(
        CultureInfo.InvariantCulture,
        $"The state is at serial {Serial} on the primary (`agentspec state status`); check the replicas (`INFO replication` on the primary) and rerun once they are back, or lower --state-redis-replicas.");
}
