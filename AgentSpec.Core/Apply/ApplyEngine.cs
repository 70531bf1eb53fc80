using System.Diagnostics;
using AgentSpec.Core.Planning;
using AgentSpec.Core.Resources;
using AgentSpec.Core.State;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Core.Apply;

/// <summary>
/// The apply flow (docs/state.md, "How apply uses them"): preflight → lock → load → plan → confirm → record
/// intents → deploy → checkpoint and final commit → unlock, in all cases. Planning happens under the lock,
/// so what is confirmed is what is applied.
/// </summary>
public sealed class ApplyEngine(IStateBackend backend, TimeProvider timeProvider, ILogger<ApplyEngine> logger)
{
    public async Task<ApplyOutcome> RunAsync(ApplyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var operation = request.Mode == ApplyMode.Destroy ? "destroy" : "apply";
        using var activity = AgentSpecTelemetry.State.StartActivity("apply");
        activity?.SetTag("agentspec.package", request.Package.Name);
        activity?.SetTag("agentspec.operation", operation);
        foreach (var (key, value) in request.StateTags)
        {
            activity?.SetTag(key, value);
        }

        var preflighted = await PreflightBeforeLockAsync(request, cancellationToken);
        await using var stateLock = await backend.LockAsync(request.LockOptions, cancellationToken);
        var loaded = await stateLock.LoadAsync(cancellationToken);
        request.Progress?.Report(new ApplyProgress(ApplyProgressKind.StateLoaded, null, DescribeLoad(loaded)));

        // LoadAsync hands the document over: it becomes the state this apply edits and commits.
        var state = loaded.Document;
        var plan = PlanFor(request, state);
        if (!plan.HasChanges)
        {
            return new ApplyOutcome(ApplyStatus.NoChanges, plan, [], loaded, state.Serial);
        }

        // Not checked before the lock (the unlocked read needed no target, or could not be read, and the state
        // changed since): check now, still before anything is committed, so a failure leaves state as it was.
        if (!preflighted && NeedsTarget(plan, request.Adapter))
        {
            await request.Adapter.PreflightAsync(cancellationToken);
        }

        if (!await request.ConfirmAsync(plan, cancellationToken))
        {
            return new ApplyOutcome(ApplyStatus.Declined, plan, [], loaded, state.Serial);
        }

        var changes = ExecutionOrder(plan);
        ApplyLog.Started(logger, operation, request.Package.Name, changes.Count, request.Adapter.Name);

        // Intents first: a crash from here on leaves "pending" entries that the next plan re-applies.
        var serial = state.Serial;
        if (request.Adapter.HasExternalEffects)
        {
            foreach (var action in changes)
            {
                state.Upsert(Pending(action, request.Adapter.Name));
            }

            serial = (await stateLock.CommitAsync(state, CancellationToken.None)).Serial;
        }

        var lastCommit = timeProvider.GetTimestamp();
        var results = new List<ResourceResult>(changes.Count);
        var interrupted = false;
        var inFlightLeftPending = false;
        foreach (var action in changes)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
                break;
            }

            request.Progress?.Report(new ApplyProgress(ApplyProgressKind.Started, action, null));
            var result = await DeployOneAsync(request.Adapter, action, cancellationToken);
            if (result is null)
            {
                // Cancelled while in flight: the outcome is unknown, so the entry stays pending.
                interrupted = true;
                inFlightLeftPending = true;
                break;
            }

            results.Add(result);
            Record(state, result, request.Adapter.Name);
            Report(request, result, operation);

            if (timeProvider.GetElapsedTime(lastCommit) >= request.CheckpointInterval)
            {
                serial = (await stateLock.CommitAsync(state, CancellationToken.None)).Serial;
                lastCommit = timeProvider.GetTimestamp();
                request.Progress?.Report(new ApplyProgress(ApplyProgressKind.Checkpointed, null, null));
            }
        }

        var notStarted = changes.Count - results.Count;
        if (interrupted)
        {
            // Changes never attempted go back to what they were; only in-flight ones stay pending.
            foreach (var action in changes.Skip(results.Count + (inFlightLeftPending ? 1 : 0)))
            {
                Revert(state, action);
            }
        }

        serial = (await stateLock.CommitAsync(state, CancellationToken.None)).Serial;
        var outcome = new ApplyOutcome(interrupted ? ApplyStatus.Interrupted : ApplyStatus.Completed, plan, results, loaded, serial);
        if (interrupted)
        {
            ApplyLog.Interrupted(logger, operation, request.Package.Name, outcome.Summary, notStarted);
        }
        else
        {
            ApplyLog.Finished(logger, operation, request.Package.Name, outcome.Summary, serial);
        }

        activity?.SetTag("agentspec.failed", outcome.Failed);
        if (outcome.HasFailures || interrupted)
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome.Summary);
        }

        return outcome;
    }

    /// <summary>
    /// Plans from an unlocked read (every read sees a whole state) and runs the adapter's preflight when the
    /// plan needs the target, so a wrong key or URL never takes the lock. True when the preflight ran; when
    /// false, the plan made under the lock decides again.
    /// </summary>
    private async Task<bool> PreflightBeforeLockAsync(ApplyRequest request, CancellationToken cancellationToken)
    {
        // An adapter that changes nothing outside the state file has nothing to check; its applies skip the extra read.
        if (!request.Adapter.HasExternalEffects)
        {
            return false;
        }

        StateDocument current;
        try
        {
            current = await backend.ReadAsync(cancellationToken);
        }
        catch (StateException)
        {
            // The locked load restores or reports a damaged state; the preflight then runs under the lock.
            return false;
        }

        var plan = PlanFor(request, current);
        if (NeedsTarget(plan, request.Adapter))
        {
            await request.Adapter.PreflightAsync(cancellationToken);
            return true;
        }

        return false;
    }

    private static Plan PlanFor(ApplyRequest request, StateDocument state) => request.Mode == ApplyMode.Destroy
        ? Planner.ComputeDestroy(state.Entries, request.Package.Name)
        : Planner.Compute(request.Package.Resources, state.Entries, request.Package.Name);

    private static bool NeedsTarget(Plan plan, IDeployAdapter adapter) => plan.Changes.Any(adapter.NeedsTarget);

    private void Report(ApplyRequest request, ResourceResult result, string operation)
    {
        var actionName = result.Action.Kind.ToString().ToLowerInvariant();
        if (result.Succeeded)
        {
            ApplyLog.ResourceSucceeded(logger, result.Action.Fqn, actionName);
            request.Progress?.Report(new ApplyProgress(ApplyProgressKind.Succeeded, result.Action, null));
        }
        else
        {
            ApplyLog.ResourceFailed(logger, result.Action.Fqn, actionName, result.Error ?? operation);
            request.Progress?.Report(new ApplyProgress(ApplyProgressKind.Failed, result.Action, result.Error));
        }
    }

    private static async Task<ResourceResult?> DeployOneAsync(IDeployAdapter adapter, PlanAction action, CancellationToken cancellationToken)
    {
        try
        {
            await adapter.ApplyAsync(action, cancellationToken);
            return new ResourceResult(action, true, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new ResourceResult(action, false, OneLine(ex.Message));
        }
    }

    private static StateEntry Pending(PlanAction action, string adapter)
    {
        var entry = action.Current?.Clone() ?? new StateEntry { Fqn = action.Fqn };
        entry.Status = StateEntryStatus.Pending;
        entry.Adapter = adapter;
        entry.Error = null;
        if (action.Desired is not null)
        {
            entry.Hash = action.Desired.Hash;
        }

        return entry;
    }

    private void Record(StateDocument state, ResourceResult result, string adapter)
    {
        var action = result.Action;
        if (result.Succeeded && action.Kind == PlanActionKind.Delete)
        {
            state.Remove(action.Fqn);
            return;
        }

        var entry = action.Current?.Clone() ?? new StateEntry { Fqn = action.Fqn };
        entry.Adapter = adapter;
        entry.Hash = action.Desired?.Hash ?? entry.Hash;
        if (result.Succeeded)
        {
            entry.Status = StateEntryStatus.Applied;
            entry.Error = null;
            entry.LastApplied = timeProvider.GetUtcNow();
            if (action.Desired is not null)
            {
                // Only a success changes what the target holds, so only a success changes what the entry records.
                entry.Attributes = RecordedAttributes.Of(action.Desired);
            }
        }
        else
        {
            entry.Status = StateEntryStatus.Failed;
            entry.Error = result.Error;
        }

        state.Upsert(entry);
    }

    private static void Revert(StateDocument state, PlanAction action)
    {
        if (action.Current is null)
        {
            state.Remove(action.Fqn);
        }
        else
        {
            state.Upsert(action.Current.Clone());
        }
    }

    /// <summary>Creates and updates from dependencies up (prompts before the agents using them); deletes top down.</summary>
    private static List<PlanAction> ExecutionOrder(Plan plan)
    {
        var upserts = plan.Changes.Where(a => a.Kind != PlanActionKind.Delete)
            .OrderBy(a => KindRank(a.Fqn)).ThenBy(a => a.Fqn, StringComparer.Ordinal);
        var deletes = plan.Changes.Where(a => a.Kind == PlanActionKind.Delete)
            .OrderByDescending(a => KindRank(a.Fqn)).ThenBy(a => a.Fqn, StringComparer.Ordinal);
        return [.. upserts, .. deletes];
    }

    private static int KindRank(string fqn)
    {
        var local = ResourceName.LocalPart(fqn);
        var kind = local.Contains('/', StringComparison.Ordinal) ? local[..local.IndexOf('/', StringComparison.Ordinal)] : local;
        return kind switch
        {
            ResourceKinds.Secret => 0,
            ResourceKinds.Prompt => 1,
            ResourceKinds.Skill => 2,
            ResourceKinds.McpServer => 3,
            ResourceKinds.McpClient => 4,
            ResourceKinds.Agent => 5,
            ResourceKinds.Environment => 6,
            _ => 7,
        };
    }

    private static string OneLine(string message) =>
        message.ReplaceLineEndings(" ").Trim();

    private static string? DescribeLoad(StateLoadResult loaded)
    {
        if (loaded.Recovery is { } recovery)
        {
            return recovery.Describe();
        }

        return loaded.IsLegacyFormat ? "State is in the original tool's format 1.0; it will be upgraded to format 2 on this commit." : null;
    }
}
