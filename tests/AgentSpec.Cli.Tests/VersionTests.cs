using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using AgentSpec.Cli.Commands;
using AgentSpec.Runtime.Health;
using AgentSpec.Runtime.Tests.Hosting;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

/// <summary>One version for the whole solution: the CLI, the runtime's /healthz and the package agree.</summary>
public sealed class VersionTests
{
    [Fact]
    public async Task Cli_version_equals_the_runtime_healthz_version_and_the_solution_version()
    {
        using var dir = new TempDirectory();
        await using var runtime = await RuntimeInstance.StartAsync();
        using var http = runtime.CreateClient();

        var command = await AgentSpecProcess.RunAsync(dir.Path, null, "version");
        var option = await AgentSpecProcess.RunAsync(dir.Path, null, "--version");
        var healthz = await http.GetFromJsonAsync<JsonObject>("/healthz");

        Assert.True(command.ExitCode == 0, command.ToString());
        Assert.True(option.ExitCode == 0, option.ToString());
        var cliVersion = command.Stdout.Trim();
        Assert.Equal(cliVersion, option.Stdout.Trim());
        Assert.Equal(cliVersion, healthz!["version"]!.GetValue<string>());
        Assert.Equal(cliVersion, InformationalVersion(typeof(VersionCommand).Assembly));
        Assert.Equal(cliVersion, InformationalVersion(typeof(HealthzApi).Assembly));

        // The packed tool's version is the same MSBuild property.
        Assert.Equal(cliVersion, SolutionVersion());
    }

    private static string? InformationalVersion(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    private static string SolutionVersion()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var props = Path.Combine(directory.FullName, "Directory.Build.props");
            if (File.Exists(Path.Combine(directory.FullName, "AgentSpec.sln")) && File.Exists(props))
            {
                return XDocument.Load(props).Descendants("Version").Single().Value;
            }
        }

        throw new InvalidOperationException("The solution's Directory.Build.props was not found above " + AppContext.BaseDirectory);
    }
}
