using System.Text.Json.Nodes;
using AgentSpec.Core.Apply;
using AgentSpec.Core.Planning;
using AgentSpec.Core.Resources;
using AgentSpec.Core.State;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AgentSpec.Core.Tests.Apply;

public sealed class ApplyEngineTests
{
    private static LoweredPackage Package(int prompts, string content = "x")
    {
        var resources = Enumerable.Range(0, prompts).Select(i =>
        {
            var attributes = new JsonObject { ["content"] = $"{content}-{i}" };
            return new Resource("p", ResourceKinds.Prompt, $"prompt-{i}", attributes, CanonicalJson.Hash(attributes), []);
        }).ToList();
        return new LoweredPackage("p", "0.1.0", "2.0", resources, []);
    }

    private static ApplyRequest Request(LoweredPackage package, IDeployAdapter adapter, bool confirm = true) =>
        new(package, ApplyMode.Apply, adapter, new StateLockOptions { LockTimeout = TimeSpan.FromSeconds(30) }, (_, _) => Task.FromResult(confirm));

    private static ApplyEngine Engine(FileStateBackend backend, TimeProvider? time = null) =>
        new(backend, time ?? TimeProvider.System, NullLogger<ApplyEngine>.Instance);

    [Fact]
    public async Task A_partial_failure_records_applied_and_failed_entries_with_the_error()
    {
        using var dir = new TempDirectory();
        var backend = new FileStateBackend(dir.File("state.json"));
        var adapter = new ScriptedAdapter("p/Prompt/prompt-1");

        var outcome = await Engine(backend).RunAsync(Request(Package(3), adapter), CancellationToken.None);

        Assert.Equal(ApplyStatus.Completed, outcome.Status);
        Assert.Equal("2 created, 0 updated, 0 deleted, 1 failed", outcome.Summary);
        var state = await backend.ReadAsync(CancellationToken.None);
        Assert.Equal(
            [StateEntryStatus.Applied, StateEntryStatus.Failed, StateEntryStatus.Applied],
            state.Entries.Select(e => e.Status));
        Assert.Equal("deploy of p/Prompt/prompt-1 refused second line", state.Entries[1].Error);

        var retry = await Engine(backend).RunAsync(Request(Package(3), new ScriptedAdapter()), CancellationToken.None);
        Assert.Equal(PlanActionKind.Create, Assert.Single(retry.Results).Action.Kind);
        Assert.All((await backend.ReadAsync(CancellationToken.None)).Entries, e => Assert.Equal(StateEntryStatus.Applied, e.Status));
    }

    [Fact]
    public async Task A_success_records_the_applied_attributes_and_a_failed_update_keeps_the_last_successful_ones()
    {
        using var dir = new TempDirectory();
        var backend = new FileStateBackend(dir.File("state.json"));
        await Engine(backend).RunAsync(Request(Package(2, "v1"), new ScriptedAdapter()), CancellationToken.None);

        var outcome = await Engine(backend).RunAsync(Request(Package(2, "v2"), new ScriptedAdapter("p/Prompt/prompt-1")), CancellationToken.None);

        Assert.Equal("0 created, 1 updated, 0 deleted, 1 failed", outcome.Summary);
        var state = await backend.ReadAsync(CancellationToken.None);
        Assert.Equal(["v2-0", "v1-1"], state.Entries.Select(e => e.Attributes!["content"]!.GetValue<string>()));
        var retry = Planner.Compute(Package(2, "v2").Resources, state.Entries, "p").Actions.Single(a => a.Kind == PlanActionKind.Update);
        var change = Assert.Single(retry.AttributeChanges);
        Assert.Equal(("content", "v1-1", "v2-1"), (change.Path, change.Before!.GetValue<string>(), change.After!.GetValue<string>()));
    }

    [Fact]
    public async Task Intents_are_recorded_as_pending_before_anything_is_deployed()
    {
        using var dir = new TempDirectory();
        var backend = new FileStateBackend(dir.File("state.json"));
        var adapter = new ScriptedAdapter { HoldAt = "p/Prompt/prompt-0" };

        var run = Engine(backend).RunAsync(Request(Package(2), adapter), CancellationToken.None);
        await adapter.Held.Task.WaitAsync(TimeSpan.FromMinutes(1));
        var during = await backend.ReadAsync(CancellationToken.None);
        adapter.Release.SetResult();
        await run;

        Assert.Equal([StateEntryStatus.Pending, StateEntryStatus.Pending], during.Entries.Select(e => e.Status));
        var planned = Planner.Compute(Package(2).Resources, during.Entries, "p");
        Assert.All(planned.Actions, a => Assert.Equal((PlanActionKind.Create, "an earlier apply was interrupted"), (a.Kind, a.Reason)));
    }

    [Fact]
    public async Task Interrupting_commits_what_finished_leaves_the_in_flight_change_pending_and_releases_the_lock()
    {
        using var dir = new TempDirectory();
        var backend = new FileStateBackend(dir.File("state.json"));
        var adapter = new ScriptedAdapter { HoldAt = "p/Prompt/prompt-1" };
        using var interrupt = new CancellationTokenSource();

        var run = Engine(backend).RunAsync(Request(Package(4), adapter), interrupt.Token);
        await adapter.Held.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await interrupt.CancelAsync();
        var outcome = await run;

        Assert.Equal(ApplyStatus.Interrupted, outcome.Status);
        var state = await backend.ReadAsync(CancellationToken.None);
        Assert.Equal(
            [("p/Prompt/prompt-0", StateEntryStatus.Applied), ("p/Prompt/prompt-1", StateEntryStatus.Pending)],
            state.Entries.Select(e => (e.Fqn, e.Status)));
        Assert.Equal(["p/Prompt/prompt-0", "p/Prompt/prompt-1"], adapter.Calls);

        await using var again = await backend.LockAsync(new StateLockOptions { LockTimeout = TimeSpan.Zero }, CancellationToken.None);
    }

    [Fact]
    public async Task Long_applies_commit_checkpoints_as_they_go()
    {
        using var dir = new TempDirectory();
        var backend = new FileStateBackend(dir.File("state.json"));
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var serials = new List<long>();
        var adapter = new ScriptedAdapter
        {
            OnApply = _ =>
            {
                serials.Add(backend.ReadAsync(CancellationToken.None).GetAwaiter().GetResult().Serial);
                time.Advance(TimeSpan.FromSeconds(2));
            },
        };

        var outcome = await Engine(backend, time).RunAsync(Request(Package(3), adapter), CancellationToken.None);

        // Intents are serial 1; each slow resource is checkpointed before the next one starts.
        Assert.Equal([1L, 2L, 3L], serials);
        Assert.Equal(4, outcome.FinalSerial);
    }

    [Fact]
    public async Task An_adapter_without_side_effects_commits_once_and_a_declined_plan_writes_nothing()
    {
        using var dir = new TempDirectory();
        var backend = new FileStateBackend(dir.File("state.json"));

        var declined = await Engine(backend).RunAsync(Request(Package(2), new RecordOnlyAdapter(), confirm: false), CancellationToken.None);
        Assert.Equal(ApplyStatus.Declined, declined.Status);
        Assert.False(File.Exists(dir.File("state.json")));

        var applied = await Engine(backend).RunAsync(Request(Package(2), new RecordOnlyAdapter()), CancellationToken.None);
        Assert.Equal(1, applied.FinalSerial);

        var unchanged = await Engine(backend).RunAsync(Request(Package(2), new RecordOnlyAdapter()), CancellationToken.None);
        Assert.Equal(ApplyStatus.NoChanges, unchanged.Status);
        Assert.Equal(1, (await backend.ReadAsync(CancellationToken.None)).Serial);
    }

    [Fact]
    public async Task Creates_go_from_dependencies_up_and_deletes_from_the_top_down()
    {
        using var dir = new TempDirectory();
        var backend = new FileStateBackend(dir.File("state.json"));
        var prompt = new JsonObject { ["content"] = "c" };
        var agent = new JsonObject { ["model"] = "m", ["prompt"] = "a" };
        var package = new LoweredPackage("p", "0.1.0", "2.0",
        [
            new Resource("p", ResourceKinds.Agent, "a", agent, CanonicalJson.Hash(agent), ["p/Prompt/a"]),
            new Resource("p", ResourceKinds.Prompt, "a", prompt, CanonicalJson.Hash(prompt), []),
        ], []);
        var created = new ScriptedAdapter();
        var destroyed = new ScriptedAdapter();

        await Engine(backend).RunAsync(Request(package, created), CancellationToken.None);
        await Engine(backend).RunAsync(Request(package, destroyed) with { Mode = ApplyMode.Destroy }, CancellationToken.None);

        Assert.Equal(["p/Prompt/a", "p/Agent/a"], created.Calls);
        Assert.Equal(["p/Agent/a", "p/Prompt/a"], destroyed.Calls);
        Assert.Empty((await backend.ReadAsync(CancellationToken.None)).Entries);
    }
}
