using System.CommandLine;
using AgentSpec.Cli.Output;

namespace AgentSpec.Cli.Commands;

/// <summary>The global option values of one invocation, with paths resolved against the working directory.</summary>
public sealed record CommandSettings(string WorkingDirectory, string StateFile, OutputFormat Output, Ansi Ansi)
{
    /// <summary>The <c>--timeout</c> value, when given; <see cref="RuntimeTimeout.Resolve"/> adds the environment and the default.</summary>
    public TimeSpan? RuntimeTimeout { get; init; }

    /// <summary>The <c>--state-backend</c>, <c>--state-redis</c> and <c>--workspace</c> values, when given; <see cref="StateSelection.Resolve"/> adds the environment and the defaults.</summary>
    public StateFlags StateFlags { get; init; } = StateFlags.None;

    /// <summary>Whether <c>--state-file</c> was typed (not its default): a Redis backend then refuses rather than ignore it.</summary>
    public bool StateFileGiven { get; init; }

    public bool Json => Output == OutputFormat.Json;

    public string ResolvePath(string path) => Path.GetFullPath(path, WorkingDirectory);

    public static CommandSettings From(ParseResult parseResult, GlobalOptions options, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var output = parseResult.GetValue(options.Output);
        var ansi = new Ansi(output == OutputFormat.Text && Ansi.ShouldColor(context, parseResult.GetValue(options.NoColor)));
        var workingDirectory = context.WorkingDirectory;
        var chdir = parseResult.GetValue(options.ChangeDirectory);
        if (!string.IsNullOrEmpty(chdir))
        {
            workingDirectory = context.ResolvePath(chdir);
        }

        var stateFile = Path.GetFullPath(parseResult.GetValue(options.StateFile) ?? GlobalOptions.DefaultStateFile, workingDirectory);
        return new CommandSettings(workingDirectory, stateFile, output, ansi)
        {
            RuntimeTimeout = parseResult.GetValue(options.Timeout),
            StateFileGiven = parseResult.GetResult(options.StateFile) is { Implicit: false },
            StateFlags = new StateFlags(parseResult.GetValue(options.StateBackend), parseResult.GetValue(options.StateRedis), parseResult.GetValue(options.Workspace), parseResult.GetValue(options.StateRedisReplicas)),
        };
    }

    /// <summary>Fails with a clear message when <c>--chdir</c> names a directory that does not exist.</summary>
    public void EnsureWorkingDirectoryExists()
    {
        if (!Directory.Exists(WorkingDirectory))
        {
            throw new CliException($"The directory {WorkingDirectory} does not exist.", "Check the --chdir value.") { Code = "not_found" };
        }
    }
}
