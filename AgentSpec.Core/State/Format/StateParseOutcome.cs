namespace AgentSpec.Core.State.Format;

internal enum StateParseOutcome
{
    Missing,
    Valid,

    /// <summary>The file is a state file that is broken: it is quarantined before anything replaces it.</summary>
    Damaged,

    /// <summary>A newer AgentSpec wrote it: not damage, and never quarantined or replaced by this version.</summary>
    NewerFormat,

    /// <summary>Something other than a regular file is at the path (a symbolic link, a directory): a configuration problem, not damage.</summary>
    NotARegularFile,
}
