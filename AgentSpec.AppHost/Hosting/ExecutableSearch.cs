namespace AgentSpec.AppHost.Hosting;

/// <summary>Finds executables on PATH the way a shell would (first match wins).</summary>
internal static class ExecutableSearch
{
    public static string? FindOnPath(string executable, string? pathVariable = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(executable);
        var path = pathVariable ?? Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, executable);
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsExecutable(string file) =>
        OperatingSystem.IsWindows()
        || (File.GetUnixFileMode(file) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
