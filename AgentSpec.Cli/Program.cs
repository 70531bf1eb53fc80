using AgentSpec.Cli;

return await AgentSpecCli.RunAsync(args, CliContext.FromConsole());
