namespace AgentSpec.IntegrationTests.Infrastructure;

/// <summary>Tests that share one started AppHost; they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class AppHostTestGroup : ICollectionFixture<AgentSpecAppFixture>
{
    public const string Name = "AppHost";
}
