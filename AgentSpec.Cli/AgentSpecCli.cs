using System.CommandLine;
using AgentSpec.Cli.Commands;
using AgentSpec.Cli.Hosting;

namespace AgentSpec.Cli;

/// <summary>Entry point of the <c>agentspec</c> command, shared by Program.cs and in-process tests.</summary>
public static class AgentSpecCli
{
    public static async Task<int> RunAsync(string[] args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);

        var options = new GlobalOptions();
        var root = RootCommandFactory.Create(context, options);
        var parseResult = root.Parse(args);

        // First SIGINT or SIGTERM: stop new work, commit what finished, release the lock. Second: terminate.
        using var interruption = new SignalInterruption();
        context.Interruption = interruption;

        CliServices? services = null;
        // --help, --version and parse errors run an option's action, not a command's: they need no services.
        var runsCommand = parseResult.Errors.Count == 0
            && parseResult.Action is not null
            && ReferenceEquals(parseResult.Action, parseResult.CommandResult.Command.Action);
        if (runsCommand)
        {
            services = await CliServices.StartAsync(context, parseResult.GetValue(options.LogLevel) ?? CliHost.DefaultConsoleLevel, CancellationToken.None);
        }

        try
        {
            var configuration = new InvocationConfiguration
            {
                Output = context.Out,
                Error = context.Error,
                ProcessTerminationTimeout = null,
            };
            return interruption.ExitCodeFor(await parseResult.InvokeAsync(configuration, interruption.Token));
        }
        finally
        {
            if (services is not null)
            {
                await services.DisposeAsync();
            }
        }
    }
}
