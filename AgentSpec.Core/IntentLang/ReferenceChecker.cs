using System.Text.Json;
using AgentSpec.Core.IntentLang.Syntax;

namespace AgentSpec.Core.IntentLang;

/// <summary>
/// Checks that every reference names a declaration of the right kind in the package, pointing at the
/// referencing string and suggesting the closest declared name.
/// </summary>
internal static class ReferenceChecker
{
    public static void Check(PackageSymbols symbols, DiagnosticBag diagnostics)
    {
        foreach (var declaration in symbols.Declarations)
        {
            switch (declaration)
            {
                case AgentDeclaration agent:
                    Resolve(symbols, "prompt", agent.Prompt, diagnostics);
                    foreach (var skill in agent.Skills)
                    {
                        Resolve(symbols, "skill", skill, diagnostics);
                    }

                    Resolve(symbols, "client", agent.Client, diagnostics);
                    Resolve(symbols, "agent", agent.Fallback, diagnostics);
                    foreach (var delegation in agent.Delegates)
                    {
                        Resolve(symbols, "agent", delegation.Agent, diagnostics);
                    }

                    break;
                case SkillDeclaration { Tool: { Type.Value: ToolDeclaration.Mcp, ServerTool: { } serverTool } }:
                    var slash = serverTool.Value.IndexOf('/', StringComparison.Ordinal);
                    if (slash > 0)
                    {
                        Resolve(symbols, "server", new Located<string>(serverTool.Value[..slash], serverTool.Location), diagnostics);
                    }

                    break;
                case ServerDeclaration server:
                    Resolve(symbols, "secret", server.Auth, diagnostics);
                    foreach (var skill in server.Exposes)
                    {
                        Resolve(symbols, "skill", skill, diagnostics);
                    }

                    break;
                case ClientDeclaration client:
                    foreach (var server in client.Servers)
                    {
                        Resolve(symbols, "server", server, diagnostics);
                    }

                    break;
                case EnvironmentDeclaration environment:
                    CheckOverrides(symbols, environment, diagnostics);
                    break;
            }
        }
    }

    private static void CheckOverrides(PackageSymbols symbols, EnvironmentDeclaration environment, DiagnosticBag diagnostics)
    {
        // One report per target block (its name string), not one per overridden attribute.
        var targets = new HashSet<SourceLocation>();
        foreach (var entry in environment.Overrides)
        {
            if (targets.Add(entry.TargetName.Location))
            {
                Resolve(symbols, entry.TargetKind.Value, entry.TargetName, diagnostics);
            }
        }

        foreach (var entry in environment.Overrides)
        {
            if (entry is { TargetKind.Value: "agent", Attribute.Value: "fallback" } && entry.Value.Value.GetValueKind() == JsonValueKind.String)
            {
                Resolve(symbols, "agent", new Located<string>(entry.Value.Value.GetValue<string>(), entry.Value.Location), diagnostics);
            }
        }
    }

    private static void Resolve(PackageSymbols symbols, string kind, Located<string>? reference, DiagnosticBag diagnostics)
    {
        if (reference is null
            || InvisibleCharacters.ReportInName($"the {kind} reference", reference.Value, reference.Location, diagnostics)
            || symbols.Find(kind, reference.Value) is not null)
        {
            return;
        }

        diagnostics.Error(
            reference.Location,
            $"{kind} \"{reference.Value}\" is not defined",
            NameSuggestions.Hint(
                reference.Value,
                symbols.NamesOf(kind),
                $"defined {kind}s",
                $"package \"{symbols.PackageName}\" declares no {kind}; add {kind} \"{reference.Value}\" {{ … }}"));
    }
}
