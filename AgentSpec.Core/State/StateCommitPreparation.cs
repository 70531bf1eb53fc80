using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.Format;

namespace AgentSpec.Core.State;

/// <summary>
/// What a commit writes, the same for every backend (docs/state.md, "Commit"): the caller's entries checked and
/// sorted into a new list (the caller's document is never modified), the loaded lineage (a new one for a first
/// state), the next serial and the checksum — or nothing, when the content equals what is stored.
/// </summary>
/// <param name="Document">The document the commit result carries (written or not).</param>
/// <param name="File">The bytes to write; null when nothing needs writing.</param>
internal sealed record StateCommitPreparation(StateDocument Document, byte[]? File)
{
    /// <param name="isMissing">No state is stored yet.</param>
    /// <param name="isLegacy">The stored state is in the legacy format: always rewritten, even unchanged.</param>
    public static StateCommitPreparation Prepare(
        StateDocument document, bool isMissing, bool isLegacy, long serial, string lineage, string? checksum, string location)
    {
        ArgumentNullException.ThrowIfNull(document);
        var entries = StateSerializer.EntriesForCommit(document);
        if (isMissing && entries.Count == 0 && !HasUnknownFields(document))
        {
            return new StateCommitPreparation(StateDocument.Empty(), null);
        }

        var next = new StateDocument
        {
            Version = StateDocument.CurrentVersion,
            Serial = serial,
            Lineage = string.IsNullOrEmpty(lineage) ? Guid.NewGuid().ToString() : lineage,
            Entries = entries,
            Extra = document.Extra,
        };
        var content = StateContent.Of(next);
        if (!isLegacy && checksum is not null && content.Checksum() == checksum)
        {
            // Same content at the same serial: what is stored already is this document.
            next.Checksum = checksum;
            return new StateCommitPreparation(next, null);
        }

        next.Serial = NextSerial(serial, location);
        content.SetSerial(next.Serial);
        next.Checksum = content.Checksum();
        return new StateCommitPreparation(next, content.ToFile(next.Checksum));
    }

    /// <summary>The serial after <paramref name="serial"/>; a serial never wraps into a negative number that verify would call damage.</summary>
    public static long NextSerial(long serial, string location) =>
        serial < long.MaxValue ? serial + 1 : throw new StateSerialExhaustedException(location, serial);

    private static bool HasUnknownFields(StateDocument document) =>
        document.Extra is { Count: > 0 } extra && extra.Keys.Any(key => key != "checksum");
}
