using AgentSpec.Cli.Runtime;

namespace AgentSpec.Cli.Commands;

/// <summary>How long one request to the runtime may take: <c>--timeout</c> → <c>AGENTSPEC_TIMEOUT</c> → 30 s.</summary>
public static class RuntimeTimeout
{
    public const string VariableName = "AGENTSPEC_TIMEOUT";
    public static readonly TimeSpan Minimum = TimeSpan.FromMilliseconds(1);
    public static readonly TimeSpan Maximum = TimeSpan.FromHours(24);

    public static TimeSpan Resolve(CliContext context, CommandSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.RuntimeTimeout is { } fromOption)
        {
            return fromOption;
        }

        if (context.GetEnvironmentVariable(VariableName) is not { Length: > 0 } text)
        {
            return RuntimeClient.DefaultTimeout;
        }

        if (DurationParser.TryParse(text, out var fromEnvironment) && fromEnvironment >= Minimum && fromEnvironment <= Maximum)
        {
            return fromEnvironment;
        }

        throw new CliException(
            $"{VariableName}='{text}' is not a request timeout between {DurationParser.Format(Minimum)} and {DurationParser.Format(Maximum)}.",
            $"Use a duration such as 30s or 2m, or unset {VariableName}.") { Code = "invalid_arguments" };
    }
}
