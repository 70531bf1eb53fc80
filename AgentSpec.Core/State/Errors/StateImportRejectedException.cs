namespace AgentSpec.Core.State.Errors;

/// <summary>
/// <c>state migrate</c> refused to replace the destination: it holds another lineage, a higher serial, or the same
/// serial with other content (docs/state.md, "Migrating between backends"). Nothing was written.
/// </summary>
public sealed class StateImportRejectedException : StateException
{
    public StateImportRejectedException(string location, string message, string hint)
        : base(location, message)
    {
        Hint = hint;
    }

    /// <summary>What the user can do about it.</summary>
    public string Hint { get; }
}
