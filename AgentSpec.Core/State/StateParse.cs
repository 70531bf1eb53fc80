namespace AgentSpec.Core.State;

/// <summary>The result of reading one state file: a valid document, or why it cannot be used.</summary>
internal sealed record StateParse(StateParseOutcome Outcome, StateDocument? Document, string? Problem, string? Version, long? SerialHint)
{
    public static StateParse Missing { get; } = new(StateParseOutcome.Missing, null, null, null, null);

    public bool IsValid => Outcome == StateParseOutcome.Valid;

    public static StateParse Valid(StateDocument document) =>
        new(StateParseOutcome.Valid, document, null, document.Version, document.Serial);

    public static StateParse Damaged(string problem, string? version = null, long? serialHint = null) =>
        new(StateParseOutcome.Damaged, null, problem, version, serialHint);

    public static StateParse Unsupported(string version, long? serialHint) =>
        new(StateParseOutcome.UnsupportedVersion, null, $"unsupported format version \"{version}\"", version, serialHint);
}
