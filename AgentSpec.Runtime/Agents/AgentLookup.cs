using AgentSpec.Core.Apply;
using AgentSpec.Runtime.Errors;

namespace AgentSpec.Runtime.Agents;

/// <summary>Route checks shared by every <c>/v1/agents/{name}</c> endpoint: a valid name, then a deployed agent.</summary>
public static class AgentLookup
{
    public static void ValidateName(string name)
    {
        if (!AgentDefinitionValidation.IsValidName(name))
        {
            throw ApiException.InvalidRequest($"'{Shorten(name)}' is not a valid agent name: use {AgentDefinitionValidation.NameRule}.");
        }
    }

    /// <summary>The deployed agent called <paramref name="name"/>; 400 for a malformed name, 404 when none is deployed.</summary>
    public static async ValueTask<DeployedAgent> RequireAsync(IAgentRegistry registry, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ValidateName(name);
        return await registry.GetAsync(name, cancellationToken) ?? throw NotDeployed(name);
    }

    /// <summary>The 404 for a well-formed name that no deployed agent has.</summary>
    public static ApiException NotDeployed(string name) => ApiException.NotFound($"No agent named '{name}' is deployed.");

    internal static string Shorten(string? value) =>
        value is null ? string.Empty : value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 64), "…");
}
