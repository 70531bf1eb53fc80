using AgentSpec.Core.IntentLang.Syntax;

namespace AgentSpec.Core.IntentLang;

/// <summary>
/// Every declaration of one package (all its files, in file then source order), with a name table per
/// kind. A repeated name is reported at the repeat; the first declaration keeps the name.
/// </summary>
internal sealed class PackageSymbols
{
    private PackageSymbols(string packageName)
    {
        PackageName = packageName;
    }

    public string PackageName { get; }

    public List<Declaration> Declarations { get; } = [];

    public Dictionary<string, PromptDeclaration> Prompts { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, SkillDeclaration> Skills { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, AgentDeclaration> Agents { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, SecretDeclaration> Secrets { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, EnvironmentDeclaration> Environments { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ServerDeclaration> Servers { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, ClientDeclaration> Clients { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, DeployDeclaration> Deploys { get; } = new(StringComparer.Ordinal);

    public static PackageSymbols Build(string packageName, IEnumerable<SyntaxFile> files, DiagnosticBag diagnostics)
    {
        var symbols = new PackageSymbols(packageName);
        foreach (var file in files)
        {
            foreach (var declaration in file.Declarations)
            {
                symbols.Declarations.Add(declaration);
                var added = declaration switch
                {
                    PromptDeclaration prompt => symbols.Prompts.TryAdd(prompt.Name.Value, prompt),
                    SkillDeclaration skill => symbols.Skills.TryAdd(skill.Name.Value, skill),
                    AgentDeclaration agent => symbols.Agents.TryAdd(agent.Name.Value, agent),
                    SecretDeclaration secret => symbols.Secrets.TryAdd(secret.Name.Value, secret),
                    EnvironmentDeclaration environment => symbols.Environments.TryAdd(environment.Name.Value, environment),
                    ServerDeclaration server => symbols.Servers.TryAdd(server.Name.Value, server),
                    ClientDeclaration client => symbols.Clients.TryAdd(client.Name.Value, client),
                    DeployDeclaration deploy => symbols.Deploys.TryAdd(deploy.Name.Value, deploy),
                    _ => throw new InvalidOperationException($"Unknown declaration type {declaration.GetType().Name}."),
                };

                if (!added)
                {
                    var first = symbols.Find(declaration.Keyword, declaration.Name.Value)!;
                    diagnostics.Error(
                        declaration.Name.Location,
                        $"duplicate {declaration.Title}",
                        $"{declaration.Title} is already declared at {Describe(first.Name.Location, declaration.Name.Location.File)}");
                }
            }
        }

        return symbols;
    }

    /// <summary>The declaration of a kind (by its keyword) and name, or null.</summary>
    public Declaration? Find(string keyword, string name) => keyword switch
    {
        "prompt" => Prompts.GetValueOrDefault(name),
        "skill" => Skills.GetValueOrDefault(name),
        "agent" => Agents.GetValueOrDefault(name),
        "secret" => Secrets.GetValueOrDefault(name),
        "environment" => Environments.GetValueOrDefault(name),
        "server" => Servers.GetValueOrDefault(name),
        "client" => Clients.GetValueOrDefault(name),
        "deploy" => Deploys.GetValueOrDefault(name),
        _ => null,
    };

    /// <summary>The declared names of a kind (by its keyword), for did-you-mean hints.</summary>
    public IReadOnlyCollection<string> NamesOf(string keyword) => keyword switch
    {
        "prompt" => Prompts.Keys,
        "skill" => Skills.Keys,
        "agent" => Agents.Keys,
        "secret" => Secrets.Keys,
        "environment" => Environments.Keys,
        "server" => Servers.Keys,
        "client" => Clients.Keys,
        "deploy" => Deploys.Keys,
        _ => [],
    };

    /// <summary><c>line 7, column 3</c> in the same file, else <c>file:7:3</c>.</summary>
    public static string Describe(SourceLocation location, string fromFile) =>
        string.Equals(location.File, fromFile, StringComparison.Ordinal)
            ? $"line {location.Line}, column {location.Column}"
            : location.ToString();
}
