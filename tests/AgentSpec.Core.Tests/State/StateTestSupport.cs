using System.Text.Json;
using System.Text.Json.Nodes;
using AgentSpec.Core.Resources;
using AgentSpec.Core.State;
using AgentSpec.Core.State.Format;

namespace AgentSpec.Core.Tests.State;

internal static class StateTestSupport
{
    public static readonly StateLockOptions QuickLock = new() { Operation = "test", LockTimeout = TimeSpan.FromSeconds(30) };

    /// <summary>The content of a document as canonical JSON without its checksum (version, serial, lineage, entries, unknown fields).</summary>
    public static string Snapshot(StateDocument document, bool ignoreLineage = false)
    {
        var node = JsonSerializer.SerializeToNode(document, StateJsonContext.Default.StateDocument)!.AsObject();
        node.Remove("checksum");
        if (ignoreLineage)
        {
            // A state created by the commit under test gets a fresh random lineage on every run.
            node["lineage"] = "(new)";
        }

        return CanonicalJson.Serialize(node);
    }

    /// <summary>The checksum by its definition: the hash of the canonical JSON tree of the document without its checksum.</summary>
    public static string ChecksumThroughTree(StateDocument document) => CanonicalJson.HashOf(Snapshot(document));

    public static StateEntry Entry(string fqn, string hash = "sha256:00", string status = StateEntryStatus.Applied) =>
        new() { Fqn = fqn, Hash = hash, Status = status, Adapter = "record-only", LastApplied = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero) };

    /// <summary>Lock, load, change, commit, release.</summary>
    public static async Task<StateCommitResult> CommitAsync(IStateBackend backend, Action<StateDocument> change)
    {
        await using var held = await backend.LockAsync(QuickLock, CancellationToken.None);
        var loaded = await held.LoadAsync(CancellationToken.None);
        var document = loaded.Document;
        change(document);
        return await held.CommitAsync(document, CancellationToken.None);
    }

    public static async Task<StateCommitResult> CommitAsyncWith(IStateBackend backend, StateLockOptions options, Action<StateDocument> change)
    {
        await using var held = await backend.LockAsync(options, CancellationToken.None);
        var document = (await held.LoadAsync(CancellationToken.None)).Document;
        change(document);
        return await held.CommitAsync(document, CancellationToken.None);
    }

    public static async Task<StateDocument> LoadAsync(IStateBackend backend)
    {
        await using var held = await backend.LockAsync(QuickLock, CancellationToken.None);
        return (await held.LoadAsync(CancellationToken.None)).Document;
    }

    public static IReadOnlyList<string> TempFiles(string directory) =>
        Directory.EnumerateFiles(directory).Where(path => Path.GetFileName(path).Contains(".tmp-", StringComparison.Ordinal)).ToList();

    public static JsonObject ReadJson(string path) => JsonNode.Parse(File.ReadAllBytes(path))!.AsObject();
}
