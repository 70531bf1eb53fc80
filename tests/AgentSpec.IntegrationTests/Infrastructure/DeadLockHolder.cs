using System.Diagnostics;
using System.Reflection;
using AgentSpec.AppHost.Hosting;
using AgentSpec.Testing;

namespace AgentSpec.IntegrationTests.Infrastructure;

/// <summary>
/// Leaves a stale state lock behind the way a crash does: a real process (tests/AgentSpec.StateTorture,
/// <c>hold</c>) takes the lock through the state backend and is then SIGKILLed while holding it.
/// </summary>
public static class DeadLockHolder
{
    public static async Task<int> LeaveStaleLockAsync(string statePath)
    {
        var configuration = typeof(DeadLockHolder).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var torture = Path.Combine(RedisServer.RepositoryRoot(), "tests", "AgentSpec.StateTorture", "bin", configuration, "net10.0", "AgentSpec.StateTorture.dll");
        if (!File.Exists(torture))
        {
            throw new FileNotFoundException($"Build tests/AgentSpec.StateTorture first; {torture} is missing.", torture);
        }

        var info = new ProcessStartInfo(DotnetHost.Path())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in new[] { torture, "hold", statePath, "300", "apply" })
        {
            info.ArgumentList.Add(argument);
        }

        using var holder = Process.Start(info) ?? throw new InvalidOperationException("Could not start the lock holder.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (true)
        {
            var line = await holder.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException($"The lock holder exited before locking: {await holder.StandardError.ReadToEndAsync(timeout.Token)}");
            if (line.StartsWith("LOCKED ", StringComparison.Ordinal))
            {
                break;
            }
        }

        var pid = holder.Id;
        holder.Kill(entireProcessTree: true);
        await holder.WaitForExitAsync(timeout.Token);
        return pid;
    }
}
