using System.Text.Json;
using System.Text.Json.Nodes;
using AgentSpec.Core.IntentLang;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// State files in the original Go tool's format "1.0" (docs/state.md), written for our own packages with
/// the same shape as the files that tool leaves behind.
/// </summary>
public static class LegacyStateFile
{
    private const string LastApplied = "2026-03-01T10:00:00.123456+02:00";

    /// <summary>
    /// What the original tool records after applying <paramref name="packagePath"/> when one resource fails:
    /// every other resource applied with its hash, <paramref name="failedFqn"/> failed with no hash and <paramref name="error"/>.
    /// </summary>
    public static async Task WriteAfterFailedApplyAsync(string statePath, string packagePath, string failedFqn, string error)
    {
        var compiled = await IntentLangCompiler.CompileAsync(packagePath);
        Assert.True(compiled.Diagnostics.Count == 0, string.Join("\n", compiled.Diagnostics));
        var package = compiled.Package!;
        Assert.Contains(package.Resources, r => r.Fqn == failedFqn);

        var entries = new JsonArray();
        foreach (var resource in package.Resources)
        {
            var failed = resource.Fqn == failedFqn;
            var entry = new JsonObject
            {
                ["fqn"] = resource.Fqn,
                ["hash"] = failed ? string.Empty : resource.Hash,
                ["status"] = failed ? "failed" : "applied",
                ["last_applied"] = LastApplied,
                ["adapter"] = "local-mcp",
                ["orphaned_at"] = "0001-01-01T00:00:00Z",
            };
            if (failed)
            {
                entry["error"] = error;
            }

            entries.Add(entry);
        }

        var versions = new JsonObject();
        foreach (var agent in package.Resources.Where(r => r.Kind == "Agent"))
        {
            versions[agent.Name] = new JsonArray(new JsonObject
            {
                ["version"] = 1,
                ["timestamp"] = "2026-03-01T08:00:00Z",
                ["summary"] = "Applied version 1",
                ["snapshot"] = new JsonObject { ["model"] = agent.Attributes["model"]?.DeepClone() },
            });
        }

        var state = new JsonObject { ["version"] = "1.0", ["entries"] = entries, ["agent_versions"] = versions };
        await File.WriteAllTextAsync(statePath, state.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
