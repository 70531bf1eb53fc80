using AgentSpec.Benchmarks.Infrastructure;
using AgentSpec.Testing;

namespace AgentSpec.Benchmarks;

/// <summary>The command line of a benchmark run.</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        AgentSpec benchmarks (docs/benchmarks.md)

          dotnet run -c Release --project bench/AgentSpec.Benchmarks -- [--quick | --full] [options]

          --quick                 a short pass, under 3 minutes on 2 cores (the default)
          --full                  more samples, longer load phases, BenchmarkDotNet micro-benchmarks (about 7 minutes on 2 cores)
          --only LIST             run only these parts, comma-separated: micro,0,1,2,3,4,5,6,7,8
          --results DIR           where latest.json and latest.md go (default: bench/results)
          --docs DIR              where the append-latency plot goes (default: docs/ for a complete run, else beside the results)
          --work-dir DIR          where state files and Redis data are written (default: the system temp directory)
          --runtime-dll PATH      the AgentSpec.Runtime.dll to measure (default: AgentSpec.Runtime's build output)
          --cli-dll PATH          the agentspec.dll to measure (default: AgentSpec.Cli's build output)
          --cli-native PATH       the Native AOT agentspec executable for figure 8 (default: published by the
                                  figure into the scratch directory, which needs the C toolchain, docs/cli.md)
          --redis-persistence X   none (default), everysec or always
          --help                  this text
        """;

    public BenchProfile Profile { get; init; } = BenchProfile.Quick;

    /// <summary>Null runs everything.</summary>
    public IReadOnlySet<string>? Only { get; init; }

    public string? ResultsDirectory { get; init; }

    public string? DocsDirectory { get; init; }

    public string? WorkDirectory { get; init; }

    public string? RuntimeDll { get; init; }

    public string? CliDll { get; init; }

    public string? CliNative { get; init; }

    public RedisPersistence RedisPersistence { get; init; } = RedisPersistence.None;

    public bool ShowHelp { get; init; }

    public bool Runs(string part) => Only is null || Only.Contains(part);

    /// <exception cref="ArgumentException">An unknown or incomplete option, with a sentence saying which.</exception>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            options = arg switch
            {
                "--quick" => options with { Profile = BenchProfile.Quick },
                "--full" => options with { Profile = BenchProfile.Full },
                "--help" or "-h" => options with { ShowHelp = true },
                "--only" => options with { Only = ParseOnly(Value(args, ref i, arg)) },
                "--results" => options with { ResultsDirectory = Path.GetFullPath(Value(args, ref i, arg)) },
                "--docs" => options with { DocsDirectory = Path.GetFullPath(Value(args, ref i, arg)) },
                "--work-dir" => options with { WorkDirectory = Path.GetFullPath(Value(args, ref i, arg)) },
                "--runtime-dll" => options with { RuntimeDll = Path.GetFullPath(Value(args, ref i, arg)) },
                "--cli-dll" => options with { CliDll = Path.GetFullPath(Value(args, ref i, arg)) },
                "--cli-native" => options with { CliNative = Path.GetFullPath(Value(args, ref i, arg)) },
                "--redis-persistence" => options with { RedisPersistence = ParsePersistence(Value(args, ref i, arg)) },
                _ => throw new ArgumentException($"Unknown option '{arg}'. Run with --help to see the options."),
            };
        }

        return options;
    }

    private static string Value(IReadOnlyList<string> args, ref int index, string option)
    {
        if (index + 1 >= args.Count || args[index + 1].StartsWith("--", StringComparison.Ordinal))
        {
            throw new ArgumentException($"The option {option} needs a value.");
        }

        index++;
        return args[index];
    }

    private static HashSet<string> ParseOnly(string value)
    {
        string[] known = ["micro", "0", "1", "2", "3", "4", "5", "6", "7", "8"];
        var parts = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = parts.Where(p => !known.Contains(p, StringComparer.OrdinalIgnoreCase)).ToList();
        if (parts.Count == 0 || unknown.Count > 0)
        {
            throw new ArgumentException($"--only takes a comma-separated list of {string.Join(", ", known)}; '{value}' is not one.");
        }

        return parts;
    }

    private static RedisPersistence ParsePersistence(string value) => value.ToUpperInvariant() switch
    {
        "NONE" => RedisPersistence.None,
        "EVERYSEC" => RedisPersistence.EverySecond,
        "ALWAYS" => RedisPersistence.Always,
        _ => throw new ArgumentException($"--redis-persistence takes none, everysec or always, not '{value}'."),
    };
}
