namespace AgentSpec.Core.State;

/// <summary>Entry statuses. <see cref="Pending"/> is an intent recorded before deploying: the next plan re-applies it.</summary>
public static class StateEntryStatus
{
    public const string Applied = "applied";
    public const string Failed = "failed";
    public const string Pending = "pending";

    public static IReadOnlyList<string> All { get; } = [Applied, Failed, Pending];

    public static bool IsKnown(string status) => status is Applied or Failed or Pending;
}
