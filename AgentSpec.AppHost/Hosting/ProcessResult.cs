namespace AgentSpec.AppHost.Hosting;

/// <summary>How a finished process exited and what it printed (stdout and stderr interleaved as observed).</summary>
internal sealed record ProcessResult(int ExitCode, IReadOnlyList<string> Output)
{
    public string OutputText => string.Join('\n', Output);
}
