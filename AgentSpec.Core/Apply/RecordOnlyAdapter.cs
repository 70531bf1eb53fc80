using AgentSpec.Core.Planning;

namespace AgentSpec.Core.Apply;

/// <summary>
/// <c>target "record-only"</c>: deploys nothing and lets every change succeed, so state records the
/// package. Useful without a runtime, in CI, and to adopt resources that already run elsewhere.
/// </summary>
public sealed class RecordOnlyAdapter : IDeployAdapter
{
    public const string TargetName = "record-only";

    public string Name => TargetName;

    public bool HasExternalEffects => false;

    public bool NeedsTarget(PlanAction action) => false;

    public Task PreflightAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ApplyAsync(PlanAction action, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.CompletedTask;
    }
}
