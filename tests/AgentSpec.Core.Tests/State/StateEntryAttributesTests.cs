using System.Text.Json.Nodes;
using AgentSpec.Core.Resources;
using AgentSpec.Core.State;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Testing;

namespace AgentSpec.Core.Tests.State;

/// <summary><c>entries[].attributes</c> (docs/state.md, 'Format "2"'): optional, canonical, checksummed, never a secret value.</summary>
public sealed class StateEntryAttributesTests
{
    [Fact]
    public async Task Attributes_are_written_canonically_read_back_and_the_file_verifies()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        await StateTestSupport.CommitAsync(backend, doc =>
        {
            var entry = StateTestSupport.Entry("pkg/Agent/a");
            entry.Attributes = new JsonObject { ["model"] = "m", ["max_turns"] = 4, ["memory"] = new JsonObject { ["strategy"] = "s" } };
            doc.Upsert(entry);
            doc.Upsert(StateTestSupport.Entry("pkg/Agent/old"));
        });

        var text = File.ReadAllText(backend.Paths.State);
        Assert.Contains("\"attributes\":{\"max_turns\":4,\"memory\":{\"strategy\":\"s\"},\"model\":\"m\"}", text, StringComparison.Ordinal);
        var loaded = await StateTestSupport.LoadAsync(backend);
        Assert.Equal(4, loaded.Entries.Single(e => e.Fqn == "pkg/Agent/a").Attributes!["max_turns"]!.GetValue<int>());
        Assert.Null(loaded.Entries.Single(e => e.Fqn == "pkg/Agent/old").Attributes);
        Assert.False(StateTestSupport.ReadJson(backend.Paths.State)["entries"]!.AsArray().Single(e => e!["fqn"]!.GetValue<string>() == "pkg/Agent/old")!.AsObject().ContainsKey("attributes"));
        Assert.True((await backend.VerifyAsync(CancellationToken.None)).IsHealthy);
    }

    [Fact]
    public void A_secret_records_only_its_reference_and_masks_anything_else()
    {
        var attributes = new JsonObject { ["source"] = "env", ["key"] = "DB_URL", ["value"] = "postgres://user:hunter2@db" };
        var secret = new Resource("pkg", ResourceKinds.Secret, "db", attributes, CanonicalJson.Hash(attributes), []);

        var recorded = RecordedAttributes.Of(secret);

        Assert.Equal("""{"key":"DB_URL","source":"env","value":"(sensitive)"}""", CanonicalJson.Serialize(recorded));
        Assert.Equal("postgres://user:hunter2@db", attributes["value"]!.GetValue<string>());
    }
}
