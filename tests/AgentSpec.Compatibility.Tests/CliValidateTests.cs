using AgentSpec.Cli.Tests;
using AgentSpec.Testing;

namespace AgentSpec.Compatibility.Tests;

/// <summary><c>agentspec validate</c> accepts every example package of the original tool.</summary>
public sealed class CliValidateTests
{
    [Fact]
    public async Task Every_example_package_validates_with_the_cli()
    {
        using var dir = new TempDirectory();
        foreach (var file in CompatibilityCorpus.ValidExamples)
        {
            var run = await InProcessCli.RunAsync(dir.Path, null, "validate", CompatibilityCorpus.IntentLang(file));

            Assert.True(run.ExitCode == 0, $"{file}: exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
            Assert.StartsWith("Success! The configuration is valid:", run.Stdout, StringComparison.Ordinal);
        }
    }
}
