namespace AgentSpec.Core.State.Errors;

/// <summary>
/// The serial is at its largest value (2^63-1) and cannot grow: a wrapped, negative serial would make the
/// state look damaged. Nothing was written.
/// </summary>
public sealed class StateSerialExhaustedException : StateException
{
    public StateSerialExhaustedException(string location, long serial)
        : base(location, $"The state {location} is at serial {serial}, the largest a serial can be; it cannot grow, so nothing was written.")
    {
    }

    public const string Hint = "Start a new lineage: copy the state aside, then restore it with `agentspec state recover --from FILE --allow-lineage-change` after editing its serial down by hand.";
}
