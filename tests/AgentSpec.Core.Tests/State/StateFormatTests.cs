using System.Text;
using System.Text.Json.Nodes;
using AgentSpec.Core.Resources;
using AgentSpec.Core.State;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Testing;

namespace AgentSpec.Core.Tests.State;

/// <summary>The state file format "2" (docs/state.md, 'Format "2"') and the upgrade of "1.0" files (acceptance 8).</summary>
public sealed class StateFormatTests
{
    [Fact]
    public async Task The_original_tools_1_0_state_loads_and_is_upgraded_on_the_next_commit_without_losing_unknown_fields()
    {
        using var directory = new TempDirectory();
        var statePath = directory.File(".agentspec.state.json");
        var fixture = TestCorpus.UpstreamState;
        File.Copy(fixture, statePath);
        var original = JsonNode.Parse(File.ReadAllBytes(fixture))!.AsObject();
        var backend = new FileStateBackend(statePath);

        var read = await backend.ReadAsync(CancellationToken.None);
        Assert.Equal("1.0", read.Version);
        Assert.Equal(8, read.Entries.Count);
        Assert.Equal("adapter timeout", read.Find("support-bot/Environment/dev")!.Error);
        Assert.Equal(StateEntryStatus.Failed, read.Find("support-bot/Environment/dev")!.Status);

        await using (var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None))
        {
            var loaded = await held.LoadAsync(CancellationToken.None);
            Assert.True(loaded.IsLegacyFormat);
            Assert.Equal(0, loaded.Document.Serial);

            // Even with no entry changed, the next commit writes format "2".
            var committed = await held.CommitAsync(loaded.Document, CancellationToken.None);
            Assert.True(committed.Written);
            Assert.Equal(1, committed.Serial);
        }

        var upgraded = StateTestSupport.ReadJson(statePath);
        Assert.Equal("2", upgraded["version"]!.GetValue<string>());
        Assert.Equal(1, upgraded["serial"]!.GetValue<long>());
        Assert.True(Guid.TryParse(upgraded["lineage"]!.GetValue<string>(), out _));
        Assert.Equal(CanonicalJson.Serialize(original["agent_versions"]), CanonicalJson.Serialize(upgraded["agent_versions"]));
        var originalEntries = original["entries"]!.AsArray();
        var upgradedEntries = upgraded["entries"]!.AsArray();
        Assert.Equal(originalEntries.Count, upgradedEntries.Count);
        foreach (var entry in originalEntries)
        {
            var fqn = entry!["fqn"]!.GetValue<string>();
            var match = upgradedEntries.Single(e => e!["fqn"]!.GetValue<string>() == fqn)!.AsObject();
            foreach (var (key, value) in entry.AsObject())
            {
                Assert.True(match.ContainsKey(key), $"{fqn} lost {key}");
                Assert.Equal(CanonicalJson.Serialize(value), CanonicalJson.Serialize(match[key]));
            }
        }

        // The original file became the backup, untouched.
        Assert.Equal(File.ReadAllBytes(fixture), File.ReadAllBytes(statePath + ".bak"));
        Assert.True((await backend.VerifyAsync(CancellationToken.None)).IsHealthy);
    }

    [Fact]
    public async Task The_checksum_is_sha256_over_the_canonical_json_without_the_checksum_field()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/<a&b>", "sha256:ab")));
        var json = StateTestSupport.ReadJson(backend.Paths.State);
        var checksum = json["checksum"]!.GetValue<string>();
        json.Remove("checksum");
        Assert.Equal(CanonicalJson.Hash(json), checksum);
        Assert.StartsWith("sha256:", checksum, StringComparison.Ordinal);
        Assert.Equal(71, checksum.Length);
    }

    [Fact]
    public async Task Serial_grows_by_one_per_changing_commit_lineage_never_changes_and_an_identical_commit_writes_nothing()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));

        // A commit of an empty state on a missing file writes nothing.
        var empty = await StateTestSupport.CommitAsync(backend, _ => { });
        Assert.False(empty.Written);
        Assert.False(File.Exists(backend.Paths.State));

        var first = await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        var second = await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));
        Assert.Equal(1, first.Serial);
        Assert.Equal(2, second.Serial);
        Assert.Equal(first.Document.Lineage, second.Document.Lineage);

        var bytes = File.ReadAllBytes(backend.Paths.State);
        var identity = backend.Paths.State;
        var info = new FileInfo(identity);
        var lastWrite = info.LastWriteTimeUtc;
        var same = await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/a")));
        Assert.False(same.Written);
        Assert.Equal(2, same.Serial);
        Assert.Equal(bytes, File.ReadAllBytes(backend.Paths.State));
        Assert.Equal(lastWrite, new FileInfo(identity).LastWriteTimeUtc);

        // Checkpoints under one lock: each change is one serial, repeats are free.
        await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        var document = (await held.LoadAsync(CancellationToken.None)).Document;
        document.Upsert(StateTestSupport.Entry("pkg/Agent/c", status: StateEntryStatus.Pending));
        Assert.Equal(3, (await held.CommitAsync(document, CancellationToken.None)).Serial);
        Assert.False((await held.CommitAsync(document, CancellationToken.None)).Written);
        document.Upsert(StateTestSupport.Entry("pkg/Agent/c"));
        Assert.Equal(4, (await held.CommitAsync(document, CancellationToken.None)).Serial);
        Assert.Equal(first.Document.Lineage, (await backend.ReadAsync(CancellationToken.None)).Lineage);
    }

    [Fact]
    public async Task Entries_are_written_sorted_by_fqn_and_unknown_fields_of_a_version_2_file_survive_a_rewrite()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        await StateTestSupport.CommitAsync(backend, doc =>
        {
            doc.Entries.Add(StateTestSupport.Entry("pkg/Skill/z"));
            doc.Entries.Add(StateTestSupport.Entry("pkg/Agent/a"));
        });

        // Hand-add unknown fields (as a newer tool would) with a correct checksum.
        var json = StateTestSupport.ReadJson(backend.Paths.State);
        json["budgets"] = new JsonObject { ["monthly_usd"] = 12.5, ["alerts"] = new JsonArray("ops@example.com") };
        json["entries"]![0]!.AsObject()["annotations"] = new JsonObject { ["owner"] = "team-a" };
        json.Remove("checksum");
        json["checksum"] = CanonicalJson.Hash(json);
        File.WriteAllText(backend.Paths.State, json.ToJsonString());
        Assert.True((await backend.VerifyAsync(CancellationToken.None)).State.Valid);

        await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Prompt/m")));
        var rewritten = StateTestSupport.ReadJson(backend.Paths.State);
        Assert.Equal(12.5, rewritten["budgets"]!["monthly_usd"]!.GetValue<double>());
        Assert.Equal("team-a", rewritten["entries"]![0]!["annotations"]!["owner"]!.GetValue<string>());
        var fqns = rewritten["entries"]!.AsArray().Select(e => e!["fqn"]!.GetValue<string>()).ToList();
        Assert.Equal(fqns.Order(StringComparer.Ordinal), fqns);
        Assert.DoesNotContain("IsEmpty", Encoding.UTF8.GetString(File.ReadAllBytes(backend.Paths.State)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_commits_are_refused_with_clear_errors()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => held.CommitAsync(StateDocument.Empty(), CancellationToken.None));
        var document = (await held.LoadAsync(CancellationToken.None)).Document;
        document.Entries.Add(StateTestSupport.Entry("pkg/Agent/a", status: "deployed"));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => held.CommitAsync(document, CancellationToken.None));
        Assert.Contains("unknown status", error.Message, StringComparison.Ordinal);
        document.Entries.Clear();
        document.Entries.Add(StateTestSupport.Entry("pkg/Agent/a"));
        document.Entries.Add(StateTestSupport.Entry("pkg/Agent/a"));
        await Assert.ThrowsAsync<ArgumentException>(() => held.CommitAsync(document, CancellationToken.None));
        Assert.False(File.Exists(backend.Paths.State));
    }
}
