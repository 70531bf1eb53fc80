namespace AgentSpec.Cli.Commands;

/// <summary>
/// Workspace names: they become part of Redis keys (inside a hash tag) and of shell lines the CLI prints,
/// so they are kept to characters that need no quoting or escaping anywhere.
/// </summary>
public static class WorkspaceName
{
    public const int MaximumLength = 64;

    /// <exception cref="CliException">The name is empty, too long, or has another character than letters, digits, '.', '_' and '-'.</exception>
    public static string Validate(string name, string source)
    {
        ArgumentNullException.ThrowIfNull(name);
        var valid = name.Length is > 0 and <= MaximumLength
            && char.IsAsciiLetterOrDigit(name[0])
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
        return valid
            ? name
            : throw new CliException(
                $"'{Output.TerminalText.Sanitize(name)}' ({source}) is not a workspace name.",
                $"Use 1 to {MaximumLength} letters, digits, '.', '_' or '-', starting with a letter or digit, e.g. --workspace team-a.") { Code = "invalid_arguments" };
    }
}
