namespace AgentSpec.Core.RuntimeApi;

/// <summary>The <c>status</c> values of <see cref="AgentDeployResponse"/>.</summary>
public static class DeployStatus
{
    public const string Created = "created";
    public const string Updated = "updated";

    /// <summary>The runtime already had a definition with the same hash; nothing was written.</summary>
    public const string Unchanged = "unchanged";
}
