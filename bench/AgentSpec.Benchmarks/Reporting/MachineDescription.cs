namespace AgentSpec.Benchmarks.Reporting;

/// <summary>What the numbers were measured on, including how busy the machine was.</summary>
internal sealed record MachineDescription(
    int Cores,
    string Cpu,
    double MemoryGiB,
    string OperatingSystem,
    string DotnetVersion,
    string Build,
    string WorkDirectory,
    string WorkFilesystem,
    string LoadAverageAtStart)
{
    public string? LoadAverageAtEnd { get; set; }

    public string? RedisServer { get; set; }
}
