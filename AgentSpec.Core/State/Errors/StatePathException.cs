namespace AgentSpec.Core.State.Errors;

/// <summary>
/// Something other than a regular file is at the state path: a symbolic link (never followed, so a link
/// cannot redirect a commit), a directory, a device. A configuration problem, not damage: nothing is
/// quarantined or replaced. Nothing was changed.
/// </summary>
public sealed class StatePathException : StateException
{
    public StatePathException(string location, string problem, string? linkTarget, string? hint = null)
        : base(location, $"The state path {location} is {problem}" + (linkTarget is null ? "." : $"; it points to {linkTarget}."))
    {
        Problem = problem;
        LinkTarget = linkTarget;
        Hint = hint ?? (linkTarget is null
            ? "Point --state-file at the state file itself."
            : $"Point --state-file at the real file (--state-file {linkTarget}).");
    }

    /// <summary>What is at the path ("a symbolic link (…)", "a directory, not a file", …).</summary>
    public string Problem { get; }

    /// <summary>Where the symbolic link points (made absolute); null when the path is not a link.</summary>
    public string? LinkTarget { get; }

    /// <summary>What the user should do.</summary>
    public string Hint { get; }

    /// <summary>For a path the reader found not to be a regular file.</summary>
    internal static StatePathException For(string location, string problem)
    {
        string? target = null;
        try
        {
            var link = new FileInfo(location).LinkTarget;
            if (link is not null)
            {
                target = Path.GetFullPath(link, Path.GetDirectoryName(location)!);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // No target to show: the message names the path alone.
        }

        return new StatePathException(location, problem, target);
    }
}
