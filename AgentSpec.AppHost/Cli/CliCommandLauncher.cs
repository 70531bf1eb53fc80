using AgentSpec.AppHost.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentSpec.AppHost.Cli;

/// <summary>
/// Runs <c>agentspec</c> for a dashboard command with the environment of the <c>cli</c> resource (runtime
/// URL, API key, OTLP exporter), so the command behaves like the resource and its telemetry reaches the
/// dashboard. The output goes to the cli resource's console log and into the command result.
/// </summary>
internal sealed class CliCommandLauncher
{
    private const int MaxResultLines = 200;
    private readonly ProjectResource _cli;

    public CliCommandLauncher(ProjectResource cli)
    {
        _cli = cli;
    }

    public async Task<ExecuteCommandResult> RunAsync(ExecuteCommandContext context, string displayName, IReadOnlyList<string> arguments, bool isPlan = false)
    {
        var cancellationToken = context.CancellationToken;
        string entryAssembly;
        try
        {
            entryAssembly = CliAssembly.Locate(_cli.GetProjectMetadata().ProjectPath);
        }
        catch (FileNotFoundException ex)
        {
            return CommandResults.Failure(ex.Message);
        }

        var executionContext = context.Services.GetRequiredService<DistributedApplicationExecutionContext>();
        var environment = await CliEnvironment.ResolveAsync(_cli, executionContext, context.Logger, cancellationToken);
        var commandLine = string.Join(' ', arguments);
        CliCommandLog.Starting(context.Logger, displayName, commandLine);
        var result = await ProcessRunner.RunAsync(
            DotnetHost.Path(),
            [entryAssembly, .. arguments],
            Path.GetDirectoryName(entryAssembly)!,
            environment,
            cancellationToken);
        foreach (var line in result.Output)
        {
            CliCommandLog.Output(context.Logger, line);
        }

        var summary = $"agentspec {displayName} {CliExitCodes.Describe(result.ExitCode)}.";
        CliCommandLog.Finished(context.Logger, displayName, result.ExitCode);
        var shown = string.Join('\n', result.Output.TakeLast(MaxResultLines));
        return CliExitCodes.IsSuccess(result.ExitCode, isPlan)
            ? CommandResults.Success(summary, shown, CommandResultFormat.Text)
            : CommandResults.Failure(summary, shown, CommandResultFormat.Text);
    }
}
