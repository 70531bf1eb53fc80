using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using AgentSpec.Runtime.Tests.Hosting;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// The packed <c>dotnet tool</c> carries the version the CLI and the runtime's <c>/healthz</c> show
/// (docs/cli.md, "Install"). It packs the framework-dependent <c>any</c> package, the one every platform
/// can run (20–40 s: a restore and build of its own); the native linux-x64 package is packed and run once in CI (.ci/run), since a
/// Native AOT build takes minutes and a C toolchain.
/// </summary>
public sealed class ToolPackageTests
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task Packed_framework_dependent_tool_has_the_version_of_the_cli_and_the_runtime()
    {
        using var dir = new TempDirectory();
        var output = Path.Combine(dir.Path, "nupkg");
        // Its own artifacts folder: the pack restores and builds for RID "any" without touching the
        // repository's obj/ and bin/, which other test processes may be reading.
        var artifacts = Path.Combine(dir.Path, "artifacts");
        var pack = await RunDotnetAsync(
            dir.Path, "pack", CliProject(), "-r", "any", "-p:PublishAot=false", "-p:UseArtifactsOutput=true", $"-p:ArtifactsPath={artifacts}", "-o", output, "-nologo");
        Assert.True(pack.ExitCode == 0, pack.ToString());

        var package = Assert.Single(Directory.GetFiles(output, "AgentSpec.Cli.any.*.nupkg"));
        var tool = Path.Combine(dir.Path, "tool");
        ZipFile.ExtractToDirectory(package, tool);
        var packageVersion = NuspecVersion(Assert.Single(Directory.GetFiles(tool, "*.nuspec")));
        var packedCli = await RunDotnetAsync(dir.Path, Path.Combine(tool, "tools", "net10.0", "any", "agentspec.dll"), "version");

        var builtCli = await AgentSpecProcess.RunAsync(dir.Path, null, "version");
        await using var runtime = await RuntimeInstance.StartAsync();
        using var http = runtime.CreateClient();
        var healthz = await http.GetFromJsonAsync<JsonObject>("/healthz");

        Assert.True(builtCli.ExitCode == 0, builtCli.ToString());
        Assert.True(packedCli.ExitCode == 0, packedCli.ToString());
        var version = builtCli.Stdout.Trim();
        Assert.Equal(version, packageVersion);
        Assert.Equal(version, packedCli.Stdout.Trim());
        Assert.Equal(version, healthz!["version"]!.GetValue<string>());
    }

    private static string NuspecVersion(string nuspec) =>
        XDocument.Load(nuspec).Descendants().First(e => e.Name.LocalName == "version").Value;

    private static string CliProject()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var project = Path.Combine(directory.FullName, "AgentSpec.Cli", "AgentSpec.Cli.csproj");
            if (File.Exists(Path.Combine(directory.FullName, "AgentSpec.sln")) && File.Exists(project))
            {
                return project;
            }
        }

        throw new InvalidOperationException("AgentSpec.Cli/AgentSpec.Cli.csproj was not found above " + AppContext.BaseDirectory);
    }

    private static async Task<CliRun> RunDotnetAsync(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The test host's MSBuild settings must not steer the child build.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start dotnet.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(PackTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} did not finish within {PackTimeout.TotalMinutes} minutes.\n{await stdout}\n{await stderr}");
        }

        return new CliRun(process.ExitCode, await stdout, await stderr);
    }
}
