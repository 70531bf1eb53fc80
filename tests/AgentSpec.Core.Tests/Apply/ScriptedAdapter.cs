using System.Collections.Concurrent;
using AgentSpec.Core.Apply;
using AgentSpec.Core.Planning;

namespace AgentSpec.Core.Tests.Apply;

/// <summary>A deploy adapter for engine tests: fails chosen resources, can hold one until released or cancelled.</summary>
internal sealed class ScriptedAdapter : IDeployAdapter
{
    private readonly HashSet<string> _failing;

    public ScriptedAdapter(params string[] failing) => _failing = new(failing, StringComparer.Ordinal);

    public string Name => "scripted";

    public bool HasExternalEffects => true;

    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>When set, the call for this FQN waits for <see cref="Release"/> (or cancellation).</summary>
    public string? HoldAt { get; init; }

    public TaskCompletionSource Held { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Action<PlanAction>? OnApply { get; init; }

    /// <summary>When set, the preflight throws it.</summary>
    public Exception? PreflightFailure { get; init; }

    /// <summary>FQNs whose changes do not need the target (default: every change needs it).</summary>
    public IReadOnlySet<string> LocalOnly { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public int Preflights { get; private set; }

    public bool NeedsTarget(PlanAction action) => !LocalOnly.Contains(action.Fqn);

    public Task PreflightAsync(CancellationToken cancellationToken)
    {
        Preflights++;
        return PreflightFailure is { } failure ? Task.FromException(failure) : Task.CompletedTask;
    }

    public async Task ApplyAsync(PlanAction action, CancellationToken cancellationToken)
    {
        Calls.Enqueue(action.Fqn);
        OnApply?.Invoke(action);
        if (action.Fqn == HoldAt)
        {
            Held.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
        }

        if (_failing.Contains(action.Fqn))
        {
            throw new InvalidOperationException($"deploy of {action.Fqn} refused\nsecond line");
        }
    }
}
