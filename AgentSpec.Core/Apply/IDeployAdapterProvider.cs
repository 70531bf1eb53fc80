namespace AgentSpec.Core.Apply;

/// <summary>Creates adapters for the deploy target kinds it knows (the <c>target "…"</c> of a deploy block).</summary>
public interface IDeployAdapterProvider
{
    IReadOnlyList<string> Targets { get; }

    IDeployAdapter Create(DeployContext context);
}
