using AgentSpec.Core.State.Errors;

namespace AgentSpec.Core.State.Format;

/// <summary>
/// The result of reading one state file: a valid document, or why it cannot be used.
/// <see cref="SerialHint"/> is the serial the file states, when it can still be read (also from damaged files).
/// </summary>
internal sealed record StateParse(StateParseOutcome Outcome, StateDocument? Document, string? Problem, string? Version, long? SerialHint)
{
    public static StateParse Missing { get; } = new(StateParseOutcome.Missing, null, null, null, null);

    /// <summary>
    /// For a damaged file whose only problem is its checksum (missing or not matching its content, as after
    /// a repair by hand): the document as it reads. Only an explicit re-seal (<c>state recover
    /// --accept-checksum-mismatch</c>) may use it.
    /// </summary>
    public StateDocument? UnsealedDocument { get; init; }

    public bool IsValid => Outcome == StateParseOutcome.Valid;

    /// <summary>Throws for a file that is not damage but not ours to touch: written by a newer AgentSpec, or not a regular file.</summary>
    public void ThrowIfUntouchable(string location)
    {
        switch (Outcome)
        {
            case StateParseOutcome.NewerFormat:
                throw new StateFormatException(location, Version!);
            case StateParseOutcome.NotARegularFile:
                throw StatePathException.For(location, Problem!);
        }
    }

    /// <summary>The serial this file counts with when a recovery picks a serial above every file involved.</summary>
    public long KnownSerial => Document?.Serial ?? SerialHint ?? 0;

    public static StateParse Valid(StateDocument document) =>
        new(StateParseOutcome.Valid, document, null, document.Version, document.Serial);

    public static StateParse Damaged(string problem, string? version = null, long? serialHint = null) =>
        new(StateParseOutcome.Damaged, null, problem, version, serialHint);

    public static StateParse Newer(string version, long? serialHint) =>
        new(StateParseOutcome.NewerFormat, null, $"written by a newer AgentSpec (format {version})", version, serialHint);

    public static StateParse NotARegularFile(string problem) =>
        new(StateParseOutcome.NotARegularFile, null, problem, null, null);
}
