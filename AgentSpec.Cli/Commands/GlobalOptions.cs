using System.CommandLine;
using AgentSpec.Cli.Output;
using AgentSpec.Core.CliContract;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Cli.Commands;

/// <summary>Options every command accepts (docs/cli.md, "Global options").</summary>
public sealed class GlobalOptions
{
    public const string DefaultStateFile = ".agentspec.state.json";

    public Option<string> StateFile { get; } = new("--state-file")
    {
        Description = "Path of the state file.",
        DefaultValueFactory = _ => DefaultStateFile,
        Recursive = true,
        HelpName = "path",
    };

    public Option<string?> StateBackend { get; } = new("--state-backend")
    {
        Description = $"Where state lives: file (default) or redis (default: {StateVariables.Backend}, then file).",
        Recursive = true,
        HelpName = "file|redis",
    };

    public Option<string?> StateRedis { get; } = new("--state-redis")
    {
        Description = $"The Redis state server, a StackExchange.Redis connection string such as localhost:6379,password=... (default: {StateVariables.RedisConnection}).",
        Recursive = true,
        HelpName = "connection",
    };

    public Option<int?> StateRedisReplicas { get; } = new("--state-redis-replicas")
    {
        Description = "With the Redis backend: wait until this many replicas have each commit (WAIT) before reporting it done (default 0).",
        Recursive = true,
        HelpName = "count",
    };

    public Option<string?> Workspace { get; } = new("--workspace")
    {
        Description = $"The state workspace in Redis: letters, digits, '.', '_' and '-' (default: {StateVariables.Workspace}, then {StateVariables.DefaultWorkspace}).",
        Recursive = true,
        HelpName = "name",
    };

    public Option<string?> ChangeDirectory { get; } = new("--chdir")
    {
        Description = "Run as if agentspec had been started in this directory (paths and the default state file are resolved there).",
        Recursive = true,
        HelpName = "dir",
    };

    public Option<LogLevel?> LogLevel { get; } = new("--log-level")
    {
        Description = "Lowest level of log lines written to stderr: trace, debug, info, warn (default), error, critical, none.",
        CustomParser = result => ParseLogLevel(result.Tokens.Count == 0 ? null : result.Tokens[0].Value, result),
        Recursive = true,
        HelpName = "level",
    };

    public Option<OutputFormat> Output { get; } = new("--output", "-o")
    {
        Description = "Output format: text (default) or json.",
        Recursive = true,
        HelpName = "format",
    };

    public Option<TimeSpan?> Timeout { get; } = new("--timeout")
    {
        Description = $"How long one request to the runtime may take, e.g. 10s, 2m (default: {RuntimeTimeout.VariableName}, then 30s).",
        CustomParser = result => DurationParser.ParseOption(result, RuntimeTimeout.Minimum, RuntimeTimeout.Maximum),
        Recursive = true,
        HelpName = "duration",
    };

    public Option<bool> NoColor { get; } = new("--no-color")
    {
        Description = "Disable colour (also honoured: the NO_COLOR environment variable).",
        Recursive = true,
    };

    public GlobalOptions()
    {
        StateBackend.AcceptOnlyFromAmong(StateVariables.FileBackend, StateVariables.RedisBackend);
        StateRedisReplicas.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 0 or > 16)
            {
                result.AddError("--state-redis-replicas must be between 0 and 16.");
            }
        });
    }

    public void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Options.Add(StateFile);
        root.Options.Add(StateBackend);
        root.Options.Add(StateRedis);
        root.Options.Add(StateRedisReplicas);
        root.Options.Add(Workspace);
        root.Options.Add(ChangeDirectory);
        root.Options.Add(LogLevel);
        root.Options.Add(Output);
        root.Options.Add(Timeout);
        root.Options.Add(NoColor);
    }

    private static LogLevel? ParseLogLevel(string? text, System.CommandLine.Parsing.ArgumentResult result)
    {
        switch (text?.ToUpperInvariant())
        {
            case "TRACE":
                return Microsoft.Extensions.Logging.LogLevel.Trace;
            case "DEBUG":
                return Microsoft.Extensions.Logging.LogLevel.Debug;
            case "INFO" or "INFORMATION":
                return Microsoft.Extensions.Logging.LogLevel.Information;
            case "WARN" or "WARNING":
                return Microsoft.Extensions.Logging.LogLevel.Warning;
            case "ERROR":
                return Microsoft.Extensions.Logging.LogLevel.Error;
            case "CRITICAL":
                return Microsoft.Extensions.Logging.LogLevel.Critical;
            case "NONE":
                return Microsoft.Extensions.Logging.LogLevel.None;
            default:
                result.AddError($"'{text}' is not a log level; use trace, debug, info, warn, error, critical or none.");
                return Microsoft.Extensions.Logging.LogLevel.Information;
        }
    }
}
