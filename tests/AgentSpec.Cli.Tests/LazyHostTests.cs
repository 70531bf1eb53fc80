using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

/// <summary>Work a command does not need is not built for it (docs/cli.md, "Start-up").</summary>
public sealed class LazyHostTests
{
    [Fact]
    public async Task Validate_and_a_record_only_plan_build_no_host()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("ledger.ias"), RecordOnlyPackage);

        var validate = await RunAsync(dir.Path, environment: null, "validate");
        var plan = await RunAsync(dir.Path, environment: null, "plan");

        Assert.True(validate.Run.ExitCode == 0, validate.Run.ToString());
        Assert.False(validate.HostBuilt);
        Assert.True(plan.Run.ExitCode == 2, plan.Run.ToString());
        Assert.False(plan.HostBuilt);
    }

    [Fact]
    public async Task With_an_otlp_endpoint_every_command_runs_in_the_host_so_the_dashboard_sees_it()
    {
        using var dir = new TempDirectory();
        await File.WriteAllTextAsync(dir.File("ledger.ias"), RecordOnlyPackage);
        // The commands read this environment; the host's exporter reads the process's, which names no endpoint, so nothing is sent.
        var environment = new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9" };

        var validate = await RunAsync(dir.Path, environment, "validate");

        Assert.True(validate.Run.ExitCode == 0, validate.Run.ToString());
        Assert.True(validate.HostBuilt);
    }

    private const string RecordOnlyPackage = """
        package "ledger" version "0.1.0" lang "2.0"

        prompt "greeting" {
          content "Say hello."
        }

        deploy "local" target "record-only" {
          default true
        }
        """;

    private static async Task<(CliRun Run, bool HostBuilt)> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CliContext
        {
            Out = stdout,
            Error = stderr,
            In = TextReader.Null,
            WorkingDirectory = workingDirectory,
            GetEnvironmentVariable = name => environment?.GetValueOrDefault(name),
        };
        var exitCode = await AgentSpecCli.RunAsync(args, context);
        return (new CliRun(exitCode, stdout.ToString(), stderr.ToString()), context.HostBuilt);
    }
}
