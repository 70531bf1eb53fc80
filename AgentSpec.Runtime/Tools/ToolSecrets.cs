using Microsoft.Extensions.Configuration;

namespace AgentSpec.Runtime.Tools;

/// <summary>
/// Secret values, read from configuration <c>AgentSpec:Secrets:&lt;name&gt;</c> at the moment a tool runs, so a
/// rotated value applies to the next call and no value is ever copied into agent state (docs/tools.md).
/// </summary>
public sealed class ToolSecrets(IConfiguration configuration)
{
    public const string SectionName = "AgentSpec:Secrets";

    /// <summary>The value of secret <paramref name="name"/>; a <see cref="ToolFailedException"/> when it is not configured.</summary>
    public string Resolve(string name)
    {
        var value = configuration[$"{SectionName}:{name}"];
        return string.IsNullOrEmpty(value)
            ? throw new ToolFailedException($"secret '{name}' is not configured on the runtime (set {SectionName}:{name})")
            : value;
    }
}
