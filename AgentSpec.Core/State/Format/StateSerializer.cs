using System.Text.Json;

namespace AgentSpec.Core.State.Format;

/// <summary>
/// Reads, validates and writes the state file format (docs/state.md, 'Format "2"'). The checksum is
/// <c>sha256:</c> + hex SHA-256 over the canonical JSON of the document without its <c>checksum</c>
/// field. The file itself is that canonical JSON with the checksum in its sorted place (one line and a
/// final newline, see <see cref="StateContent"/>); older pretty-printed files still load.
/// </summary>
internal static class StateSerializer
{
    private const string ChecksumField = "checksum";

    private static readonly JsonDocumentOptions StrictJson = new()
    {
        AllowTrailingCommas = false,
        AllowDuplicateProperties = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 256,
    };

    /// <summary>Sets the checksum and returns the file bytes.</summary>
    public static byte[] Serialize(StateDocument document)
    {
        var content = StateContent.Of(document);
        document.Checksum = content.Checksum();
        return content.ToFile(document.Checksum);
    }

    /// <param name="bytes">The file, or null when it does not exist.</param>
    public static StateParse Parse(byte[]? bytes)
    {
        if (bytes is null)
        {
            return StateParse.Missing;
        }

        if (bytes.Length == 0)
        {
            return StateParse.Damaged("the file is empty (0 bytes)");
        }

        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(bytes, StrictJson);
        }
        catch (JsonException ex)
        {
            // A truncated or garbled file may still say which version wrote it and its serial.
            var (scannedVersion, scannedSerial) = ScanHints(bytes);
            return scannedVersion is not null && StateDocument.IsNewerVersion(scannedVersion)
                ? StateParse.Newer(scannedVersion, scannedSerial)
                : StateParse.Damaged($"not valid JSON ({ex.Message})", scannedVersion, scannedSerial);
        }

        using var json = parsed;
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return StateParse.Damaged("not a JSON object");
        }

        long? serialHint = root.TryGetProperty("serial", out var serialValue) && serialValue.ValueKind == JsonValueKind.Number && serialValue.TryGetInt64(out var serial) ? serial : null;
        if (!root.TryGetProperty("version", out var versionValue) || versionValue.ValueKind != JsonValueKind.String)
        {
            return StateParse.Damaged("\"version\" is missing or not a string", serialHint: serialHint);
        }

        var version = versionValue.GetString()!;
        if (version is not (StateDocument.CurrentVersion or StateDocument.LegacyVersion))
        {
            return StateDocument.IsNewerVersion(version)
                ? StateParse.Newer(version, serialHint)
                : StateParse.Damaged($"unknown format version \"{version}\"", version, serialHint);
        }

        string? checksum = null;
        string? checksumProblem = null;
        if (version == StateDocument.CurrentVersion)
        {
            if (root.TryGetProperty(ChecksumField, out var checksumValue) && checksumValue.ValueKind == JsonValueKind.String)
            {
                checksum = checksumValue.GetString();
                var actual = StateContent.Of(root).Checksum();
                if (!string.Equals(actual, checksum, StringComparison.Ordinal))
                {
                    checksumProblem = $"checksum mismatch: the file says {checksum} but its content hashes to {actual}";
                }
            }
            else
            {
                checksumProblem = "\"checksum\" is missing";
            }
        }

        // The checksum is reported first; the rest is still checked so that a file whose only problem is
        // its checksum (a repair by hand) can be re-sealed on explicit request.
        StateDocument? document;
        try
        {
            document = root.Deserialize(StateJsonContext.Default.StateDocument);
        }
        catch (JsonException ex)
        {
            return StateParse.Damaged(checksumProblem ?? $"does not match the state schema ({ex.Message})", version, serialHint);
        }

        if (document is null)
        {
            return StateParse.Damaged(checksumProblem ?? "does not match the state schema (null document)", version, serialHint);
        }

        document.Checksum = checksum;
        var problem = Validate(document);
        if (checksumProblem is not null)
        {
            return StateParse.Damaged(checksumProblem, version, serialHint) with { UnsealedDocument = problem is null ? document : null };
        }

        return problem is null ? StateParse.Valid(document) : StateParse.Damaged(problem, version, serialHint);
    }

    /// <summary>
    /// Checks the entries of a document that is about to be committed and returns them sorted by FQN, in a
    /// new list (the document is never modified). Throws <see cref="ArgumentException"/> on bad content.
    /// </summary>
    public static List<StateEntry> EntriesForCommit(StateDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var entries = new List<StateEntry>(document.Entries ?? throw new ArgumentException("The state document has no entry list.", nameof(document)));
        foreach (var entry in entries)
        {
            var problem = entry is null || string.IsNullOrWhiteSpace(entry.Fqn) ? "Every state entry needs a non-empty FQN."
                : !StateEntryStatus.IsKnown(entry.Status) ? $"State entry {entry.Fqn} has unknown status \"{entry.Status}\" (expected applied, failed or pending)."
                : entry.Hash is null ? $"State entry {entry.Fqn} has no hash (use an empty string)."
                : null;
            if (problem is not null)
            {
                throw new ArgumentException(problem, nameof(document));
            }
        }

        entries.Sort(StateDocument.FqnOrder);
        for (var i = 1; i < entries.Count; i++)
        {
            if (string.Equals(entries[i - 1].Fqn, entries[i].Fqn, StringComparison.Ordinal))
            {
                throw new ArgumentException($"State entry {entries[i].Fqn} appears twice.", nameof(document));
            }
        }

        return entries;
    }

    private static string? Validate(StateDocument document)
    {
        var legacy = document.Version == StateDocument.LegacyVersion;
        if (document.Entries is null)
        {
            if (!legacy)
            {
                return "\"entries\" is null";
            }

            document.Entries = [];
        }

        if (!legacy)
        {
            if (document.Serial < 1)
            {
                return $"\"serial\" is {document.Serial}; a committed state starts at 1";
            }

            if (!Guid.TryParse(document.Lineage, out _))
            {
                return $"\"lineage\" \"{document.Lineage}\" is not a GUID";
            }
        }
        else
        {
            document.Serial = 0;
            document.Lineage ??= string.Empty;
        }

        for (var i = 0; i < document.Entries.Count; i++)
        {
            var entry = document.Entries[i];
            if (entry is null)
            {
                return $"entry {i} is null";
            }

            if (string.IsNullOrWhiteSpace(entry.Fqn))
            {
                return $"entry {i} has an empty \"fqn\"";
            }

            if (entry.Status is null || !StateEntryStatus.IsKnown(entry.Status))
            {
                return $"entry {entry.Fqn} has unknown status \"{entry.Status}\"";
            }

            if (entry.Hash is null)
            {
                return $"entry {entry.Fqn} has a null \"hash\"";
            }

            if (!legacy && i > 0 && string.CompareOrdinal(document.Entries[i - 1].Fqn, entry.Fqn) >= 0)
            {
                return $"entries are not sorted by FQN or repeat one (at {entry.Fqn})";
            }
        }

        if (legacy)
        {
            document.SortEntries();
            for (var i = 1; i < document.Entries.Count; i++)
            {
                if (string.Equals(document.Entries[i - 1].Fqn, document.Entries[i].Fqn, StringComparison.Ordinal))
                {
                    return $"entry {document.Entries[i].Fqn} appears twice";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The top-level <c>version</c> and <c>serial</c> of a file that is not valid JSON, as far as it reads
    /// (a truncated file usually still has both), so a recovery never reuses its serial.
    /// </summary>
    private static (string? Version, long? Serial) ScanHints(byte[] bytes)
    {
        string? version = null;
        long? serial = null;
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 256 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, null);
            }

            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                var isVersion = reader.ValueTextEquals("version"u8);
                var isSerial = reader.ValueTextEquals("serial"u8);
                if (!reader.Read())
                {
                    break;
                }

                if (isVersion && reader.TokenType == JsonTokenType.String)
                {
                    version = reader.GetString();
                }
                else if (isSerial && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
                {
                    serial = Math.Max(serial ?? value, value);
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // The damage: everything before it has been read.
        }

        return (version, serial);
    }
}
