namespace AgentSpec.Core.Tests.State;

/// <summary>
/// Tests that drive real processes run one after another, so the SIGKILL storm does not starve a
/// holder whose lease renewal another test relies on.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RealProcessTests
{
    public const string Name = "Real state processes";
}
