using System.Reflection;
using AgentSpec.Benchmarks.Infrastructure;
using AgentSpec.Benchmarks.Reporting;
using AgentSpec.Testing;

namespace AgentSpec.Benchmarks;

/// <summary>What every figure shares: the profile, the places to write, the one Redis server of the run, and the progress log.</summary>
internal sealed class BenchContext : IAsyncDisposable
{
    private RedisServer? _redis;
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

    /// <summary>The run's Redis server (<c>redis-server 7.0.15</c>, <c>garnet 1.0.84</c>), once <see cref="RedisAsync"/> started it.</summary>
    public string RedisName { get; private set; } = "no Redis server";

    /// <summary>
    /// The run's Redis server, started on first use and shared by the session and runtime figures: the tests'
    /// launcher (tests/AgentSpec.Testing), so the same server choice (<c>AGENTSPEC_TEST_REDIS=garnet|redis</c>)
    /// and configuration, with the persistence the benchmark asks for.
    /// </summary>
    public async Task<RedisServer> RedisAsync(CancellationToken cancellationToken)
    {
        if (_redis is null)
        {
            Progress($"starting a Redis server (persistence: {Options.RedisPersistence})");
            _redis = await RedisServer.StartAsync(RedisServer.ChosenKind(), password: null, Options.RedisPersistence, NewDirectory("redis"), cancellationToken);
            RedisName = $"{(_redis.Kind == RedisServerKind.Redis ? "redis-server" : "garnet")} {await _redis.VersionAsync()}";
            Machine.RedisServer = $"{RedisName} on 127.0.0.1:{_redis.Port}, persistence {PersistenceText(Options.RedisPersistence)}";
            Progress($"{RedisName} listening on port {_redis.Port}");
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
