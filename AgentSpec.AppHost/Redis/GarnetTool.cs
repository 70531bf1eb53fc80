using System.Text.Json;
using System.Xml.Linq;
using AgentSpec.AppHost.Hosting;

namespace AgentSpec.AppHost.Redis;

/// <summary>
/// Garnet from the repository's dotnet tool manifest. The AppHost restores the manifest (unless the pinned
/// package is already in the NuGet packages folder) and runs the tool's entry assembly directly with the dotnet host, so that the
/// orchestrator's stop and restart reach the server process itself rather than a <c>dotnet tool run</c> wrapper.
/// </summary>
internal static class GarnetTool
{
    public const string PackageId = "garnet-server";

    /// <summary>How often a failed <c>dotnet tool restore</c> is tried again before Garnet counts as unavailable.</summary>
    private const int RestoreAttempts = 3;

    public static async Task<string> RestoreAndLocateAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        var manifest = Path.Combine(repositoryRoot, RepositoryLayout.ToolManifest);
        var version = ReadVersion(manifest);
        var dotnet = DotnetHost.Path();
        var packageDirectory = Path.Combine(await GlobalPackagesFolderAsync(dotnet, repositoryRoot, cancellationToken), PackageId, version);

        // Restore only what is missing: restores of the same package running side by side (test projects, an
        // AppHost a test starts) fail on the shared .nupkg file, and once one of them finished the package is there.
        for (var attempt = 1; !IsRestored(packageDirectory, version); attempt++)
        {
            var restore = await ProcessRunner.RunAsync(dotnet, ["tool", "restore"], repositoryRoot, null, cancellationToken);
            if (restore.ExitCode == 0)
            {
                break;
            }

            if (attempt == RestoreAttempts)
            {
                throw new InvalidOperationException(
                    $"'dotnet tool restore' failed with exit code {restore.ExitCode} ({attempt} attempts), so Garnet is unavailable. Output:\n{restore.OutputText}");
            }

            await Task.Delay(TimeSpan.FromSeconds(attempt), cancellationToken);
        }

        return LocateEntryPoint(packageDirectory);
    }

    /// <summary>NuGet writes the package's <c>.nupkg.sha512</c> file last, once the package is fully extracted.</summary>
    public static bool IsRestored(string packageDirectory, string version) =>
        File.Exists(Path.Combine(packageDirectory, $"{PackageId}.{version}.nupkg.sha512"));

    public static string ReadVersion(string manifestPath)
    {
        if (!File.Exists(manifestPath))
        {
            throw new FileNotFoundException($"The dotnet tool manifest {manifestPath} is missing; it pins {PackageId}.", manifestPath);
        }

        using var document = JsonDocument.Parse(File.ReadAllText(manifestPath));
        if (document.RootElement.TryGetProperty("tools", out var tools)
            && tools.TryGetProperty(PackageId, out var tool)
            && tool.TryGetProperty("version", out var version)
            && version.GetString() is { Length: > 0 } text)
        {
            return text;
        }

        throw new InvalidOperationException($"The dotnet tool manifest {manifestPath} does not pin {PackageId}.");
    }

    /// <summary>Reads <c>DotnetToolSettings.xml</c> of the restored package to find the entry assembly.</summary>
    public static string LocateEntryPoint(string packageDirectory)
    {
        var toolsDirectory = Path.Combine(packageDirectory, "tools");
        if (Directory.Exists(toolsDirectory))
        {
            foreach (var settings in Directory.EnumerateFiles(toolsDirectory, "DotnetToolSettings.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var entryPoint = XDocument.Load(settings).Descendants("Command").Select(c => (string?)c.Attribute("EntryPoint")).FirstOrDefault();
                if (entryPoint is not null)
                {
                    var assembly = Path.Combine(Path.GetDirectoryName(settings)!, entryPoint);
                    if (File.Exists(assembly))
                    {
                        return assembly;
                    }
                }
            }
        }

        throw new FileNotFoundException(
            $"Garnet's entry assembly was not found under {toolsDirectory} after 'dotnet tool restore'.", toolsDirectory);
    }

    private static async Task<string> GlobalPackagesFolderAsync(string dotnet, string workingDirectory, CancellationToken cancellationToken)
    {
        var configured = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        // NuGet.config may move the folder; ask NuGet rather than assuming ~/.nuget/packages.
        var locals = await ProcessRunner.RunAsync(dotnet, ["nuget", "locals", "global-packages", "--list"], workingDirectory, null, cancellationToken);
        const string Prefix = "global-packages:";
        var line = locals.Output.FirstOrDefault(l => l.TrimStart().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase));
        if (locals.ExitCode == 0 && line is not null)
        {
            return line.Trim()[Prefix.Length..].Trim();
        }

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }
}
