namespace AgentSpec.Benchmarks.Infrastructure;

internal sealed record CliRun(int ExitCode, string Stdout, string Stderr, double Seconds)
{
    public override string ToString() => $"exit {ExitCode} after {Seconds:0.00} s\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
