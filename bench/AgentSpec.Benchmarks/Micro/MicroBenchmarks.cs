using System.Text.Json;
using System.Text.Json.Nodes;
using AgentSpec.Benchmarks.Generation;
using AgentSpec.Core.IntentLang;
using AgentSpec.Core.Planning;
using AgentSpec.Core.Resources;
using AgentSpec.Core.State;
using AgentSpec.Core.State.FileBackend;
using BenchmarkDotNet.Attributes;

namespace AgentSpec.Benchmarks.Micro;

/// <summary>
/// The micro-benchmarks: parse + lower, canonical hashing, plan computation, state serialisation and
/// reading. BenchmarkDotNet runs them in <c>--full</c>; <see cref="QuickMicroRunner"/> times the same
/// methods with Stopwatch batches in <c>--quick</c>.
/// </summary>
[MemoryDiagnoser]
public class MicroBenchmarks
{
    private string _smallPackage = string.Empty;
    private string _largePackage = string.Empty;
    private JsonObject _agentAttributes = [];
    private JsonNode _state1000Node = new JsonObject();
    private List<Resource> _resources = [];
    private List<StateEntry> _entries = [];
    private StateDocument _state1000 = StateDocument.Empty();
    private FileStateBackend? _stateOnDisk;
    private string? _stateDirectory;

    /// <summary>What one operation of each benchmark does, for the report.</summary>
    public static IReadOnlyDictionary<string, string> Descriptions { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [nameof(ParseAndLower10)] = "IntentLangCompiler.Compile of a 10-resource package (lex, parse, check, lower, hash)",
        [nameof(ParseAndLower1000)] = "IntentLangCompiler.Compile of the 1,000-resource package",
        [nameof(CanonicalHashResource)] = "CanonicalJson.Hash of one agent's attributes",
        [nameof(CanonicalHashState1000)] = "CanonicalJson.Hash of the JSON tree of a 1,000-entry state (the resource-hash code path at scale)",
        [nameof(Plan1000)] = "Planner.Compute: 1,000 resources against 1,000 entries, 10% changed",
        [nameof(SerializeState1000)] = "the product's (internal) StateSerializer.Serialize of a 1,000-entry state: checksum + file bytes",
        [nameof(ReadState1000)] = "FileStateBackend.ReadAsync of a 1,000-entry state file in the page cache (parse, schema and checksum check)",
    };

    [GlobalSetup]
    public void Setup()
    {
        _smallPackage = PackageText.Generate("bench-10", 10);
        _largePackage = PackageText.Generate("bench-1000", 1_000);
        var lowered = IntentLangCompiler.Compile("bench-1000.ias", _largePackage).Package
            ?? throw new InvalidOperationException("The generated 1,000-resource package does not compile.");
        _resources = [.. lowered.Resources];
        _agentAttributes = _resources.First(r => r.Kind == ResourceKinds.Agent).Attributes;

        // State that knows every resource, one in ten with an outdated hash.
        var document = StateDocument.Empty();
        for (var i = 0; i < _resources.Count; i++)
        {
            document.Entries.Add(new StateEntry
            {
                Fqn = _resources[i].Fqn,
                Hash = i % 10 == 0 ? StateDocuments.Hash(i) : _resources[i].Hash,
                Status = StateEntryStatus.Applied,
                LastApplied = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero),
                Adapter = "record-only",
            });
        }

        document.SortEntries();
        document.Serial = 1;
        document.Lineage = Guid.NewGuid().ToString();
        _entries = document.Entries;
        _state1000 = document;
        _state1000Node = JsonSerializer.SerializeToNode(document, StateTreeJsonContext.Default.StateDocument)!;

        _stateDirectory = Directory.CreateTempSubdirectory("agentspec-micro-").FullName;
        _stateOnDisk = new FileStateBackend(Path.Combine(_stateDirectory, FileStateBackend.DefaultFileName));
        CommitAsync(_stateOnDisk, document.Clone()).GetAwaiter().GetResult();
        if (_stateOnDisk.ReadAsync(CancellationToken.None).GetAwaiter().GetResult().Entries.Count != _resources.Count)
        {
            throw new InvalidOperationException("The state written for ReadState1000 does not read back with every entry.");
        }
    }

    private static async Task CommitAsync(FileStateBackend backend, StateDocument document)
    {
        await using var stateLock = await backend.LockAsync(new StateLockOptions { Operation = "benchmark setup" }, CancellationToken.None);
        await stateLock.LoadAsync(CancellationToken.None);
        await stateLock.CommitAsync(document, CancellationToken.None);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_stateDirectory is not null)
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
    }

    [Benchmark]
    public CompilationResult ParseAndLower10() => IntentLangCompiler.Compile("bench-10.ias", _smallPackage);

    [Benchmark]
    public CompilationResult ParseAndLower1000() => IntentLangCompiler.Compile("bench-1000.ias", _largePackage);

    [Benchmark]
    public string CanonicalHashResource() => CanonicalJson.Hash(_agentAttributes);

    [Benchmark]
    public string CanonicalHashState1000() => CanonicalJson.Hash(_state1000Node);

    [Benchmark]
    public Plan Plan1000() => Planner.Compute(_resources, _entries, "bench-1000");

    [Benchmark]
    public byte[] SerializeState1000() => StateSerializerBinding.Serialize(_state1000);

    [Benchmark]
    public Task<StateDocument> ReadState1000() => _stateOnDisk!.ReadAsync(CancellationToken.None);
}
