using System.Text.Json.Nodes;
using AgentSpec.Core.Planning;

namespace AgentSpec.Core.Tests.Planning;

public sealed class AttributeDifferTests
{
    [Fact]
    public void Reports_added_removed_and_changed_attributes_with_dotted_paths_for_nested_objects()
    {
        var before = new JsonObject
        {
            ["max_turns"] = 4,
            ["timeout"] = "30s",
            ["skills"] = new JsonArray("a", "b"),
            ["memory"] = new JsonObject { ["max_messages"] = 10, ["strategy"] = "window" },
            ["model"] = "m",
        };
        var after = new JsonObject
        {
            ["max_turns"] = 5,
            ["skills"] = new JsonArray("a", "c"),
            ["memory"] = new JsonObject { ["max_messages"] = 20, ["strategy"] = "window" },
            ["model"] = "m",
            ["stream"] = true,
        };

        var diffs = AttributeDiffer.Compute(before, after);

        Assert.Equal(
            [
                ("max_turns", AttributeDiffKind.Changed, "4", "5"),
                ("memory.max_messages", AttributeDiffKind.Changed, "10", "20"),
                ("skills", AttributeDiffKind.Changed, "[\"a\",\"b\"]", "[\"a\",\"c\"]"),
                ("stream", AttributeDiffKind.Added, "-", "true"),
                ("timeout", AttributeDiffKind.Removed, "\"30s\"", "-"),
            ],
            diffs.Select(d => (d.Path, d.Kind, d.Before?.ToJsonString() ?? "-", d.After?.ToJsonString() ?? "-")));
    }

    [Fact]
    public void Equal_attributes_have_no_diff_whatever_their_key_order()
    {
        var before = new JsonObject { ["a"] = 1, ["b"] = new JsonObject { ["x"] = 1.0, ["y"] = "z" } };
        var after = new JsonObject { ["b"] = new JsonObject { ["y"] = "z", ["x"] = 1.0 }, ["a"] = 1 };

        Assert.Empty(AttributeDiffer.Compute(before, after));
    }
}
