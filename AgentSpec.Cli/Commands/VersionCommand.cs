using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace AgentSpec.Cli.Commands;

/// <summary>
/// <c>agentspec version</c> and <c>--version</c>: the solution's one version (Directory.Build.props), the
/// same text the runtime's <c>/healthz</c> reports (docs/cli.md, "Versions").
/// </summary>
public static class VersionCommand
{
    public static string Version { get; } =
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(VersionCommand).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public static Command Create(CliContext context)
    {
        var command = new Command("version", "Show the version of agentspec (the same as --version).");
        command.SetAction(_ =>
        {
            context.Out.WriteLine(Version);
            return 0;
        });
        return command;
    }

    /// <summary>Makes <c>--version</c> print <see cref="Version"/> (the default prints the entry assembly's, which under a test host is the host's).</summary>
    public static void UseFor(RootCommand root, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(root);
        foreach (var option in root.Options.OfType<VersionOption>())
        {
            option.Action = new PrintVersion(context);
        }
    }

    private sealed class PrintVersion(CliContext context) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            context.Out.WriteLine(Version);
            return 0;
        }
    }
}
