using System.Text.Json.Nodes;
using AgentSpec.Core.Apply;
using AgentSpec.Core.Resources;
using AgentSpec.Core.State;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentSpec.Core.Tests.Apply;

/// <summary>The adapter preflight (docs/cli.md, "Preflight"): checked before the lock, only when the plan needs the target.</summary>
public sealed class ApplyPreflightTests
{
    private static LoweredPackage Package(params string[] prompts)
    {
        var resources = prompts.Select(content =>
        {
            var attributes = new JsonObject { ["content"] = content };
            return new Resource("p", ResourceKinds.Prompt, content, attributes, CanonicalJson.Hash(attributes), []);
        }).ToList();
        return new LoweredPackage("p", "0.1.0", "2.0", resources, []);
    }

    private static ApplyRequest Request(LoweredPackage package, IDeployAdapter adapter, ApplyMode mode = ApplyMode.Apply) =>
        new(package, mode, adapter, new StateLockOptions { LockTimeout = TimeSpan.Zero }, (_, _) => Task.FromResult(true));

    private static ApplyEngine Engine(FileStateBackend backend) => new(backend, TimeProvider.System, NullLogger<ApplyEngine>.Instance);

    [Fact]
    public async Task A_failing_preflight_stops_the_apply_before_the_lock_and_leaves_state_untouched()
    {
        using var dir = new TempDirectory();
        var backend = new FileStateBackend(dir.File("state.json"));
        await Engine(backend).RunAsync(Request(Package("a"), new ScriptedAdapter()), CancellationToken.None);
        var before = await File.ReadAllTextAsync(dir.File("state.json"));
        var refused = new ScriptedAdapter { PreflightFailure = new InvalidOperationException("key refused") };

        foreach (var mode in new[] { ApplyMode.Apply, ApplyMode.Destroy })
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Engine(backend).RunAsync(Request(Package("a", "b"), refused, mode), CancellationToken.None));
            Assert.Equal("key refused", error.Message);
        }

        Assert.Equal(2, refused.Preflights);
        Assert.Empty(refused.Calls);
        Assert.Equal(before, await File.ReadAllTextAsync(dir.File("state.json")));
        await using var free = await backend.LockAsync(new StateLockOptions { LockTimeout = TimeSpan.Zero }, CancellationToken.None);
    }

    [Fact]
    public async Task A_failing_preflight_creates_no_state_file()
    {
        using var dir = new TempDirectory();
        var backend = new FileStateBackend(dir.File("state.json"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => Engine(backend).RunAsync(
            Request(Package("a"), new ScriptedAdapter { PreflightFailure = new InvalidOperationException("unreachable") }), CancellationToken.None));

        Assert.False(File.Exists(dir.File("state.json")));
    }

    [Fact]
    public async Task A_plan_that_does_not_need_the_target_or_has_no_changes_skips_the_preflight()
    {
        using var dir = new TempDirectory();
        var backend = new FileStateBackend(dir.File("state.json"));
        var offline = new ScriptedAdapter
        {
            PreflightFailure = new InvalidOperationException("unreachable"),
            LocalOnly = new HashSet<string>(["p/Prompt/a"], StringComparer.Ordinal),
        };

        var applied = await Engine(backend).RunAsync(Request(Package("a"), offline), CancellationToken.None);
        var unchanged = await Engine(backend).RunAsync(Request(Package("a"), new ScriptedAdapter { PreflightFailure = new InvalidOperationException("unreachable") }), CancellationToken.None);

        Assert.Equal((ApplyStatus.Completed, 0), (applied.Status, applied.Failed));
        Assert.Equal(ApplyStatus.NoChanges, unchanged.Status);
        Assert.Equal(0, offline.Preflights);
    }

    [Fact]
    public async Task A_plan_that_needs_the_target_is_preflighted_once()
    {
        using var dir = new TempDirectory();
        var backend = new FileStateBackend(dir.File("state.json"));
        var adapter = new ScriptedAdapter();

        var outcome = await Engine(backend).RunAsync(Request(Package("a", "b"), adapter), CancellationToken.None);

        Assert.Equal(ApplyStatus.Completed, outcome.Status);
        Assert.Equal(1, adapter.Preflights);
        Assert.Equal(2, adapter.Calls.Count);
    }
}
