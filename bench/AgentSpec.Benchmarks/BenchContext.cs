using System.Reflection;
using AgentSpec.Benchmarks.Infrastructure;
using AgentSpec.Benchmarks.Reporting;

namespace AgentSpec.Benchmarks;

/// <summary>What every figure shares: the profile, the places to write, the one Redis server of the run, and the progress log.</summary>
internal sealed class BenchContext : IAsyncDisposable
{
    private RedisProcess? _redis;
    private int _directories;

    public BenchContext(BenchOptions options, string repositoryRoot, string workRoot, MachineDescription machine)
    {
        Options = options;
        RepositoryRoot = repositoryRoot;
        WorkRoot = workRoot;
        Machine = machine;
        ResultsDirectory = options.ResultsDirectory ?? Path.Combine(repositoryRoot, "bench", "results");
        UpdatesDocs = options.Only is null && options.ResultsDirectory is null && options.DocsDirectory is null;
        // A partial or redirected run must not leave a plot in docs/ that the page's table does not match.
        DocsDirectory = options.DocsDirectory ?? (UpdatesDocs ? Path.Combine(repositoryRoot, "docs") : ResultsDirectory);
        RuntimeDll = options.RuntimeDll ?? BuiltAlongside("AgentSpec.RuntimeDll");
        CliDll = options.CliDll ?? BuiltAlongside("AgentSpec.CliDll");
    }

    public BenchOptions Options { get; }

    public BenchProfile Profile => Options.Profile;

    public string RepositoryRoot { get; }

    /// <summary>This run's scratch directory (deleted at the end).</summary>
    public string WorkRoot { get; }

    public string ResultsDirectory { get; }

    /// <summary>Where the plot goes: docs/ for a complete run, otherwise beside the results.</summary>
    public string DocsDirectory { get; }

    /// <summary>A complete run into the default places rewrites the latest-run section of docs/benchmarks.md.</summary>
    public bool UpdatesDocs { get; }

    public string RuntimeDll { get; }

    public string CliDll { get; }

    public MachineDescription Machine { get; }

    public TextWriter Log { get; } = Console.Out;

    public void Progress(string message) => Log.WriteLine($"  {message}");

    /// <summary>A new empty directory under the work root.</summary>
    public string NewDirectory(string name)
    {
        var path = Path.Combine(WorkRoot, $"{Interlocked.Increment(ref _directories):D2}-{name}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>The run's Redis server, started on first use and shared by the session and runtime figures.</summary>
    public async Task<RedisProcess> RedisAsync(CancellationToken cancellationToken)
    {
        if (_redis is null)
        {
            Progress($"starting a Redis server (persistence: {Options.RedisPersistence})");
            _redis = await RedisProcess.StartAsync(RepositoryRoot, NewDirectory("redis"), Options.RedisPersistence, cancellationToken);
            Machine.RedisServer = $"{_redis.Kind} {_redis.Version} on 127.0.0.1:{_redis.Port}, persistence {PersistenceText(Options.RedisPersistence)}";
            Progress($"{_redis.Kind} {_redis.Version} listening on port {_redis.Port}");
        }

        return _redis;
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    /// <summary>The build output of a project built together with the harness (recorded in its assembly metadata).</summary>
    private static string BuiltAlongside(string key) =>
        typeof(BenchContext).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"The harness was built without the {key} metadata.");

    private static string PersistenceText(RedisPersistence persistence) => persistence switch
    {
        RedisPersistence.None => "off (no AOF, no snapshots)",
        RedisPersistence.EverySecond => "AOF, fsync every second",
        _ => "AOF, fsync on every write",
    };
}
