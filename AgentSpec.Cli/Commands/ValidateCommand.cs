using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AgentSpec.Cli.Output;
using AgentSpec.Core.CliContract;
using AgentSpec.Core.IntentLang;

namespace AgentSpec.Cli.Commands;

/// <summary><c>agentspec validate [paths…]</c>: check IntentLang without touching state (exit 0 valid, 1 errors).</summary>
public static class ValidateCommand
{
    public static Command Create(CliContext context, GlobalOptions options)
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Files or package directories to check (default: the current directory).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("validate", "Check IntentLang files for errors without touching state.") { paths };
        command.SetGuardedAction(context, options, async (parseResult, settings, cancellationToken) =>
        {
            var targets = parseResult.GetValue(paths) is { Length: > 0 } given ? given : ["."];
            var diagnostics = new List<Diagnostic>();
            var packages = new List<string>();
            foreach (var target in targets)
            {
                var fullPath = settings.ResolvePath(target);
                var result = await IntentLangCompiler.CompileAsync(fullPath, cancellationToken);
                diagnostics.AddRange(result.Diagnostics);
                if (result.Package is { } package)
                {
                    packages.Add(string.Create(CultureInfo.InvariantCulture, $"{package.Name} ({package.Resources.Count} resources)"));
                }
            }

            var errors = diagnostics.Count(d => d.IsError);
            if (settings.Json)
            {
                IReadOnlyList<DiagnosticJson> json = diagnostics.Select(d => PackageLoader.ToJson(settings, d)).ToList();
                context.Out.WriteLine(JsonSerializer.Serialize(json, CliJsonContext.Relaxed.IReadOnlyListDiagnosticJson));
                return errors == 0 ? ExitCodes.Success : ExitCodes.Error;
            }

            PackageLoader.WriteDiagnostics(context, settings, diagnostics);
            if (errors > 0)
            {
                context.Error.WriteLine(settings.Ansi.Red(string.Create(CultureInfo.InvariantCulture, $"{errors} error{(errors == 1 ? string.Empty : "s")} found.")));
                return ExitCodes.Error;
            }

            context.Out.WriteLine(settings.Ansi.Green($"Success! The configuration is valid: {string.Join(", ", packages)}."));
            return ExitCodes.Success;
        });
        return command;
    }
}
