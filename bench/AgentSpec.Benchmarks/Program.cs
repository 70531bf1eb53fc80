using AgentSpec.Benchmarks;
using AgentSpec.Benchmarks.Figures;

// Helper modes: this program started again as the other side of a measurement.
if (args is [LockHolderChild.Mode, var statePath])
{
    return await LockHolderChild.RunAsync(statePath);
}

if (args is [RedisLockHolderChild.Mode, var connectionString, var workspace])
{
    return await RedisLockHolderChild.RunAsync(connectionString, workspace);
}

if (args is [ApplyPhasesFigure.Mode, var packagePath, var applyStatePath])
{
    return await ApplyPhases.RunChildAsync(packagePath, applyStatePath);
}

if (args is [ConstantServer.Mode])
{
    return await ConstantServer.RunAsync();
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

if (options.ShowHelp)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};
return await BenchRunner.RunAsync(options, args, cancellation.Token);
