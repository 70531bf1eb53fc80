using AgentSpec.Core.CliContract;

namespace AgentSpec.Cli.Commands;

/// <summary>
/// How to point later commands at a state (what <c>state migrate</c> prints): the flags and the environment.
/// The Redis password is never part of them.
/// </summary>
public sealed record SwitchLines(IReadOnlyList<string> Flags, IReadOnlyDictionary<string, string> Environment, bool PasswordOmitted)
{
    public string FlagsLine => string.Join(' ', Flags.Select(ShellWord));

    public string ExportLine => "export " + string.Join(' ', Environment.Select(p => $"{p.Key}={ShellWord(p.Value)}"));

    public static SwitchLines For(StateSelection selection, CommandSettings settings)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(settings);
        if (selection.Kind == StateBackendKind.File)
        {
            var path = Path.GetRelativePath(settings.WorkingDirectory, selection.StateFile);
            return new SwitchLines(
                ["--state-backend", StateVariables.FileBackend, "--state-file", path],
                new Dictionary<string, string>(StringComparer.Ordinal) { [StateVariables.Backend] = StateVariables.FileBackend },
                PasswordOmitted: false);
        }

        var connection = RedisStateConnection.Redacted(selection.RedisConnection!);
        return new SwitchLines(
            ["--state-backend", StateVariables.RedisBackend, "--state-redis", connection, "--workspace", selection.Workspace],
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [StateVariables.Backend] = StateVariables.RedisBackend,
                [StateVariables.RedisConnection] = connection,
                [StateVariables.Workspace] = selection.Workspace,
            },
            RedisStateConnection.HasPassword(selection.RedisConnection!));
    }

    /// <summary>Quotes a word for a POSIX shell when it needs it.</summary>
    public static string ShellWord(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '=' or '@' or '+')
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
