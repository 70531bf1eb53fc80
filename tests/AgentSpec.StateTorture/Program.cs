using AgentSpec.StateTorture;

return await TortureCommands.RunAsync(args);
