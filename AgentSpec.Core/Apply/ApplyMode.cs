namespace AgentSpec.Core.Apply;

public enum ApplyMode
{
    /// <summary>Make the deployment match the package.</summary>
    Apply,

    /// <summary>Remove every resource of the package from the target and from state.</summary>
    Destroy,
}
