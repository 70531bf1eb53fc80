using AgentSpec.Runtime.Hosting;

WebApplication app;
try
{
    app = RuntimeApplication.Create(args);
}
catch (RuntimeConfigurationException exception)
{
    await Console.Error.WriteLineAsync($"agentspec runtime: cannot start: {exception.Message}");
    return 2;
}

await app.RunAsync();
return 0;
