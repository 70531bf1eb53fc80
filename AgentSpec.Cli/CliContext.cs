using AgentSpec.Cli.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentSpec.Cli;

/// <summary>
/// Everything a command touches outside its arguments: streams, terminal facts, environment, clock,
/// logging. Tests build one over string writers; the real process builds it from the console.
/// </summary>
public sealed class CliContext
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public required TextReader In { get; init; }

    /// <summary>True when stdout is an interactive terminal (colour and progress are allowed).</summary>
    public bool OutputIsTerminal { get; init; }

    /// <summary>True when stderr is an interactive terminal (lock-wait progress is allowed to redraw).</summary>
    public bool ErrorIsTerminal { get; init; }

    /// <summary>True when stdin is an interactive terminal (confirmation prompts are allowed).</summary>
    public bool InputIsTerminal { get; init; }

    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Set once the host is built (its level depends on <c>--log-level</c>).</summary>
    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;

    private IServiceProvider? _services;

    /// <summary>
    /// Services of the host (HTTP clients with service discovery and resilience). Reading it builds the host
    /// when <see cref="ServicesFactory"/> is set and it was not built yet (docs/cli.md, "Start-up").
    /// </summary>
    public IServiceProvider? Services
    {
        get => _services ??= ServicesFactory?.Invoke();
        set => _services = value;
    }

    /// <summary>Builds the host on first use of <see cref="Services"/>; set by <see cref="CliServices"/>.</summary>
    public Func<IServiceProvider>? ServicesFactory { get; set; }

    /// <summary>True once this run built the generic host (tests check that a command that needs none did not).</summary>
    public bool HostBuilt { get; internal set; }

    /// <summary>The signals of this run, so that an error reported as JSON carries the exit code the process ends with.</summary>
    public SignalInterruption? Interruption { get; set; }

    public string ResolvePath(string path) => Path.GetFullPath(path, WorkingDirectory);

    public static CliContext FromConsole() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        In = Console.In,
        OutputIsTerminal = !Console.IsOutputRedirected,
        ErrorIsTerminal = !Console.IsErrorRedirected,
        InputIsTerminal = !Console.IsInputRedirected,
    };
}
