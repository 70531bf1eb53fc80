using System.Globalization;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.Format;

namespace AgentSpec.Core.State;

/// <summary>
/// The rules of <see cref="IStateLock.ImportAsync"/> shared by every backend, so each refuses with the same words
/// (docs/state.md, "Migrating between backends"): a state is imported with its own lineage and serial, only over
/// an empty destination or an older generation of the same lineage.
/// </summary>
public static class StateImport
{
    /// <summary>The document to store: canonical, sealed, with the bytes every backend stores (so copies are byte-identical).</summary>
    public sealed record Prepared(StateDocument Document, byte[] Bytes, bool AlreadyThere);

    /// <param name="location">The destination, for messages.</param>
    /// <param name="loadedLineage">The destination's lineage as loaded under the lock; empty when it has no state.</param>
    /// <param name="loadedSerial">The destination's serial as loaded (0 when it has no state).</param>
    /// <param name="loadedChecksum">The destination's checksum as loaded; null when it has no state.</param>
    /// <param name="document">The state to import (not modified).</param>
    /// <exception cref="StateImportRejectedException">The destination holds another lineage, a higher serial, or the same serial with other content.</exception>
    public static Prepared Prepare(string location, string loadedLineage, long loadedSerial, string? loadedChecksum, StateDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (string.IsNullOrEmpty(document.Lineage) || document.Serial <= 0)
        {
            throw new ArgumentException("Only a committed state (a lineage and a serial above 0) can be imported.", nameof(document));
        }

        var normalized = new StateDocument
        {
            Version = StateDocument.CurrentVersion,
            Serial = document.Serial,
            Lineage = document.Lineage,
            Entries = StateSerializer.EntriesForCommit(document),
            Extra = document.Extra,
        };
        var bytes = StateSerializer.Serialize(normalized);
        var hasState = !string.IsNullOrEmpty(loadedLineage) || loadedSerial > 0;
        if (!hasState)
        {
            return new Prepared(normalized, bytes, AlreadyThere: false);
        }

        if (!string.Equals(loadedLineage, document.Lineage, StringComparison.Ordinal))
        {
            throw new StateImportRejectedException(
                location,
                $"{location} holds another state (lineage {loadedLineage}, serial {Number(loadedSerial)}); the state being copied has lineage {document.Lineage}. Nothing was written.",
                "Copy into an empty destination (another --workspace or --state-file), or remove the other state first if it is no longer needed.");
        }

        if (loadedSerial > document.Serial)
        {
            throw new StateImportRejectedException(
                location,
                $"{location} already holds a newer generation of this state (serial {Number(loadedSerial)}; the state being copied has serial {Number(document.Serial)}). Nothing was written.",
                "The destination is ahead: switch to it instead of copying over it, or migrate in the other direction.");
        }

        if (loadedSerial == document.Serial)
        {
            if (string.Equals(loadedChecksum, normalized.Checksum, StringComparison.Ordinal))
            {
                return new Prepared(normalized, bytes, AlreadyThere: true);
            }

            throw new StateImportRejectedException(
                location,
                $"{location} holds serial {Number(loadedSerial)} of this state with other content than the state being copied: the two have diverged. Nothing was written.",
                "Compare them with `agentspec state list` on each backend and keep one; serials never repeat with different content.");
        }

        return new Prepared(normalized, bytes, AlreadyThere: false);
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
