using System.Reflection;

namespace AgentSpec.AppHost.Cli;

/// <summary>
/// Finds the built <c>agentspec.dll</c> next to the AppHost. Building the AppHost builds the CLI project it
/// references, in the same configuration.
/// </summary>
public static class CliAssembly
{
    public const string FileName = "agentspec.dll";

    public static string Locate(string cliProjectPath)
    {
        var projectDirectory = Path.GetDirectoryName(cliProjectPath)
            ?? throw new ArgumentException("The CLI project path has no directory.", nameof(cliProjectPath));
        var configuration = typeof(CliAssembly).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var output = Path.Combine(projectDirectory, "bin", configuration);
        var candidates = Directory.Exists(output)
            ? Directory.EnumerateDirectories(output)
                .Select(framework => Path.Combine(framework, FileName))
                .Where(File.Exists)
                .OrderByDescending(File.GetLastWriteTimeUtc)
                .ToList()
            : [];
        return candidates.Count > 0
            ? candidates[0]
            : throw new FileNotFoundException(
                $"{FileName} was not found under {output}. Build the CLI first: dotnet build {cliProjectPath} -c {configuration}",
                Path.Combine(output, FileName));
    }
}
