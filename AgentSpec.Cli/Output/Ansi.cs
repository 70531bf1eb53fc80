namespace AgentSpec.Cli.Output;

/// <summary>
/// Minimal ANSI styling for plan lines and messages. Colour only when writing to a terminal and
/// neither <c>NO_COLOR</c> nor <c>--no-color</c> is set.
/// </summary>
public sealed class Ansi(bool enabled)
{
    public bool Enabled { get; } = enabled;

    public string Green(string text) => Wrap("32", text);

    public string Yellow(string text) => Wrap("33", text);

    public string Red(string text) => Wrap("31", text);

    public string Bold(string text) => Wrap("1", text);

    public string Dim(string text) => Wrap("2", text);

    private string Wrap(string code, string text) => Enabled ? $"\u001b[{code}m{text}\u001b[0m" : text;

    public static bool ShouldColor(CliContext context, bool noColorOption)
    {
        ArgumentNullException.ThrowIfNull(context);
        return !noColorOption
            && context.OutputIsTerminal
            && string.IsNullOrEmpty(context.GetEnvironmentVariable("NO_COLOR"))
            && !string.Equals(context.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
    }
}
