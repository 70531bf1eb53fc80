using System.Text.Json.Nodes;
using AgentSpec.Core.Planning;
using AgentSpec.Core.Resources;
using AgentSpec.Core.State;

namespace AgentSpec.Core.Tests.Planning;

public sealed class PlannerTests
{
    private static Resource Prompt(string package, string name, string content)
    {
        var attributes = new JsonObject { ["content"] = content };
        return new Resource(package, ResourceKinds.Prompt, name, attributes, CanonicalJson.Hash(attributes), []);
    }

    private static StateEntry Entry(Resource resource, string status = StateEntryStatus.Applied) =>
        new() { Fqn = resource.Fqn, Hash = resource.Hash, Status = status, LastApplied = DateTimeOffset.UnixEpoch };

    [Fact]
    public void Classifies_create_update_delete_and_noop_sorted_by_fqn()
    {
        var same = Prompt("p", "same", "a");
        var changed = Prompt("p", "changed", "new");
        var added = Prompt("p", "added", "x");
        var entries = new[]
        {
            Entry(same),
            new StateEntry { Fqn = changed.Fqn, Hash = "sha256:old", Status = StateEntryStatus.Applied },
            new StateEntry { Fqn = "p/Prompt/gone", Hash = "sha256:g", Status = StateEntryStatus.Applied },
        };

        var plan = Planner.Compute([same, changed, added], entries, "p");

        Assert.Equal(
            [("p/Prompt/added", PlanActionKind.Create), ("p/Prompt/changed", PlanActionKind.Update), ("p/Prompt/gone", PlanActionKind.Delete), ("p/Prompt/same", PlanActionKind.Noop)],
            plan.Actions.Select(a => (a.Fqn, a.Kind)));
        Assert.Equal((1, 1, 1), (plan.Creates, plan.Updates, plan.Deletes));
        Assert.True(plan.HasChanges);
    }

    [Fact]
    public void Entries_of_other_packages_are_never_touched()
    {
        var mine = Prompt("mine", "a", "x");
        var theirs = new StateEntry { Fqn = "theirs/Prompt/a", Hash = "sha256:t" };

        var plan = Planner.Compute([mine], [Entry(mine), theirs], "mine");

        Assert.False(plan.HasChanges);
        Assert.DoesNotContain(plan.Actions, a => a.Fqn == theirs.Fqn);
    }

    [Theory]
    [InlineData(StateEntryStatus.Failed)]
    [InlineData(StateEntryStatus.Pending)]
    public void Failed_and_pending_entries_once_applied_are_updated_even_when_the_hash_matches(string status)
    {
        var prompt = Prompt("p", "a", "x");

        var plan = Planner.Compute([prompt], [Entry(prompt, status)], "p");

        Assert.Equal(PlanActionKind.Update, Assert.Single(plan.Actions).Kind);
    }

    [Fact]
    public void An_empty_plan_has_no_changes()
    {
        var plan = Planner.Compute([], [], "p");

        Assert.False(plan.HasChanges);
        Assert.Empty(plan.Actions);
    }

    [Fact]
    public void A_resource_that_never_reached_the_target_is_planned_as_a_create()
    {
        var prompt = Prompt("p", "a", "x");
        var neverApplied = new StateEntry { Fqn = prompt.Fqn, Hash = prompt.Hash, Status = StateEntryStatus.Failed, Error = "refused" };
        var appliedOnce = new StateEntry { Fqn = prompt.Fqn, Hash = prompt.Hash, Status = StateEntryStatus.Failed, Error = "refused", LastApplied = DateTimeOffset.UnixEpoch };

        var first = Assert.Single(Planner.Compute([prompt], [neverApplied], "p").Actions);
        var second = Assert.Single(Planner.Compute([prompt], [appliedOnce], "p").Actions);

        Assert.Equal((PlanActionKind.Create, "the last attempt failed: refused"), (first.Kind, first.Reason));
        Assert.Equal((PlanActionKind.Update, "the last apply failed: refused"), (second.Kind, second.Reason));
    }
}
