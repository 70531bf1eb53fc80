namespace AgentSpec.Core.State;

/// <summary>
/// The result of reading one state file: a valid document, or why it cannot be used. <see cref="Image"/>
/// is set when the file was already in the form this version writes (it then is the file's bytes).
/// </summary>
internal sealed record StateParse(StateParseOutcome Outcome, StateDocument? Document, string? Problem, string? Version, long? SerialHint)
{
    public static StateParse Missing { get; } = new(StateParseOutcome.Missing, null, null, null, null);

    public StateImage? Image { get; init; }

    /// <summary>The hash states of <see cref="Image"/>, when asked for (the reader's caller then owns them).</summary>
    public StateHashCheckpoints? Checkpoints { get; init; }

    public bool IsValid => Outcome == StateParseOutcome.Valid;

    public static StateParse Valid(StateDocument document, StateImage? image = null, StateHashCheckpoints? checkpoints = null) =>
        new(StateParseOutcome.Valid, document, null, document.Version, document.Serial) { Image = image, Checkpoints = checkpoints };

    public static StateParse Damaged(string problem, string? version = null, long? serialHint = null) =>
        new(StateParseOutcome.Damaged, null, problem, version, serialHint);

    public static StateParse Unsupported(string version, long? serialHint) =>
        new(StateParseOutcome.UnsupportedVersion, null, $"unsupported format version \"{version}\"", version, serialHint);
}
