using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentSpec.Core.Resources;
using AgentSpec.Core.State;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Core.State.Format;
using AgentSpec.Testing;

namespace AgentSpec.Core.Tests.State;

/// <summary>
/// The file is the canonical JSON of the whole document (one serialization pass gives the file and the
/// hashed text), files of earlier versions still load, and reading never accepts what the checksum
/// definition rejects.
/// </summary>
public sealed class StateFileImageTests
{
    [Fact]
    public void Every_written_file_is_the_canonical_json_of_its_document_and_reads_back()
    {
        var random = new Random(20261126);
        for (var round = 0; round < 300; round++)
        {
            var document = StateChecksumTests.Generate(random);
            var bytes = StateSerializer.Serialize(document);
            var text = Encoding.UTF8.GetString(bytes);
            Assert.EndsWith("}\n", text, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', text[..^1]);

            // Whole file = canonical form of the document with its checksum.
            var tree = JsonNode.Parse(bytes)!.AsObject();
            Assert.Equal(CanonicalJson.Serialize(tree) + "\n", text);

            // Without its checksum member, the file is exactly the text the checksum covers.
            var member = "\"checksum\":\"" + document.Checksum + "\",";
            var at = text.IndexOf(member, StringComparison.Ordinal);
            Assert.True(at > 0, $"round {round}: no checksum member");
            var hashed = text.Remove(at, member.Length)[..^1];
            tree.Remove("checksum");
            Assert.Equal(CanonicalJson.Serialize(tree), hashed);
            Assert.Equal(document.Checksum, CanonicalJson.HashOf(hashed));

            var parsed = StateSerializer.Parse(bytes);
            Assert.True(parsed.IsValid, $"round {round}: {parsed.Problem}");
            Assert.Equal(StateTestSupport.Snapshot(document), StateTestSupport.Snapshot(parsed.Document!));
        }
    }

    [Theory]
    [InlineData(1, 1, 1, 0, 0, 0, 0L, 0)]
    [InlineData(9999, 12, 31, 23, 59, 59, 9_999_999L, 840)]
    [InlineData(2026, 11, 25, 10, 0, 0, 1_000_000L, -840)]
    [InlineData(2026, 2, 3, 4, 5, 6, 10L, -330)]
    [InlineData(2000, 1, 1, 0, 0, 0, 1L, 345)]
    public void Dates_are_written_as_System_Text_Json_writes_them(int year, int month, int day, int hour, int minute, int second, long ticks, int offsetMinutes)
    {
        var value = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.FromMinutes(offsetMinutes)).AddTicks(ticks);
        var document = new StateDocument { Serial = 1, Lineage = Guid.NewGuid().ToString() };
        document.Upsert(new StateEntry { Fqn = "pkg/Agent/a", LastApplied = value });
        var text = Encoding.UTF8.GetString(StateSerializer.Serialize(document));
        Assert.Contains("\"last_applied\":\"" + JsonSerializer.SerializeToElement(value).GetString() + "\",", text, StringComparison.Ordinal);
        Assert.Equal(StateTestSupport.ChecksumThroughTree(document), document.Checksum);
        Assert.Equal(value, StateSerializer.Parse(Encoding.UTF8.GetBytes(text)).Document!.Entries[0].LastApplied);
    }

    [Fact]
    public void A_file_whose_checksum_covers_its_raw_bytes_but_not_its_canonical_form_is_damaged()
    {
        var document = new StateDocument { Serial = 3, Lineage = Guid.NewGuid().ToString() };
        document.Upsert(StateTestSupport.Entry("pkg/Agent/a"));
        var text = Encoding.UTF8.GetString(StateSerializer.Serialize(document));
        var member = "\"checksum\":\"" + document.Checksum + "\",";
        var content = text.Remove(text.IndexOf(member, StringComparison.Ordinal), member.Length)[..^1];

        // Same document, not canonical (a space), checksummed over these very bytes: the definition says damaged.
        var spaced = content.Replace("\"serial\":3", "\"serial\": 3", StringComparison.Ordinal);
        var rawChecksum = CanonicalJson.HashPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(spaced)));
        var forged = "{\"checksum\":\"" + rawChecksum + "\"," + spaced[1..] + "\n";
        var parsed = StateSerializer.Parse(Encoding.UTF8.GetBytes(forged));
        Assert.Equal(StateParseOutcome.Damaged, parsed.Outcome);
        Assert.Contains("checksum mismatch", parsed.Problem, StringComparison.Ordinal);

        // The same non-canonical bytes with the canonical checksum are fine (whitespace is not content).
        var honest = "{\"checksum\":\"" + document.Checksum + "\"," + spaced[1..] + "\n";
        var valid = StateSerializer.Parse(Encoding.UTF8.GetBytes(honest));
        Assert.True(valid.IsValid, valid.Problem);
    }

    [Fact]
    public async Task A_pretty_printed_file_of_an_earlier_version_loads_and_the_next_commit_writes_the_canonical_form()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        var earlier = new StateDocument { Serial = 7, Lineage = Guid.NewGuid().ToString() };
        earlier.Upsert(StateTestSupport.Entry("pkg/Agent/a"));
        earlier.Extra = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            ["budgets"] = JsonDocument.Parse("{\"monthly_usd\":12.5}").RootElement.Clone(),
        };
        earlier.Checksum = StateTestSupport.ChecksumThroughTree(earlier);
        var pretty = JsonSerializer.SerializeToUtf8Bytes(earlier, StateJsonContext.Default.StateDocument);
        Assert.Contains((byte)'\n', pretty);
        byte[] original = [.. pretty, (byte)'\n'];
        await File.WriteAllBytesAsync(backend.Paths.State, original);
        Assert.True((await backend.VerifyAsync(CancellationToken.None)).IsHealthy);

        // Unchanged content: nothing is written, the pretty file stays.
        var same = await StateTestSupport.CommitAsync(backend, _ => { });
        Assert.False(same.Written);
        Assert.Equal(7, same.Serial);

        var changed = await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(StateTestSupport.Entry("pkg/Agent/b")));
        Assert.True(changed.Written);
        Assert.Equal(8, changed.Serial);
        var written = await File.ReadAllTextAsync(backend.Paths.State);
        Assert.Equal(CanonicalJson.Serialize(JsonNode.Parse(written)) + "\n", written);
        Assert.Equal(12.5, JsonNode.Parse(written)!["budgets"]!["monthly_usd"]!.GetValue<double>());
        Assert.Equal(original, await File.ReadAllBytesAsync(backend.Paths.Backup));
        var rewritten = await File.ReadAllBytesAsync(backend.Paths.State);
        Assert.True(StateSerializer.Parse(rewritten).IsValid);
    }

    [Fact]
    public async Task A_commit_neither_changes_its_argument_nor_shares_entries_with_its_result()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        await using var held = await backend.LockAsync(StateTestSupport.QuickLock, CancellationToken.None);
        var document = (await held.LoadAsync(CancellationToken.None)).Document;
        document.Entries.Add(StateTestSupport.Entry("pkg/Skill/z"));
        document.Entries.Add(StateTestSupport.Entry("pkg/Agent/a"));
        var first = await held.CommitAsync(document, CancellationToken.None);
        Assert.True(first.Written);
        Assert.Equal(["pkg/Skill/z", "pkg/Agent/a"], document.Entries.Select(e => e.Fqn));
        Assert.Null(document.Checksum);
        Assert.Equal(["pkg/Agent/a", "pkg/Skill/z"], first.Document.Entries.Select(e => e.Fqn));
        Assert.Equal(first.Document.Checksum, StateContent.Of(first.Document).Checksum());

        // The same content in another order is no change.
        var again = await held.CommitAsync(document, CancellationToken.None);
        Assert.False(again.Written);
        Assert.Equal(first.Serial, again.Serial);
        Assert.Equal(first.Document.Checksum, again.Document.Checksum);

        // Changing the argument after the commit or the result's entries changes neither the other nor the lock's view.
        document.Entries[0].Status = StateEntryStatus.Failed;
        Assert.Equal(StateEntryStatus.Applied, first.Document.Find("pkg/Skill/z")!.Status);
        first.Document.Entries[0].Hash = "sha256:ff";
        var second = await held.CommitAsync(document, CancellationToken.None);
        Assert.True(second.Written);
        Assert.Equal("sha256:00", second.Document.Find("pkg/Agent/a")!.Hash);
        Assert.False((await held.CommitAsync(second.Document, CancellationToken.None)).Written);
        var onDisk = await backend.ReadAsync(CancellationToken.None);
        Assert.Equal(StateTestSupport.Snapshot(second.Document), StateTestSupport.Snapshot(onDisk));
    }
}
