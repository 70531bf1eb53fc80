using System.Globalization;
using System.Text;
using System.Text.Json;
using AgentSpec.Core.State;
using AgentSpec.Core.State.Format;

namespace AgentSpec.Core.Tests.State;

/// <summary>
/// The fast typed checksum writer must agree with the canonical JSON of the file as written, or every
/// committed state would load as damaged. Checked over many generated documents full of awkward values.
/// </summary>
public sealed class StateChecksumTests
{
    private static readonly string[] Awkward =
    [
        "plain", "", "<script>&amp;</script>", "quote \" backslash \\ slash /", "tab\tnew\nline\rreturn", "\u0001\u001f control",
        "ünïcödé", "日本語", "emoji \U0001F600", "line \u2028 separator \u2029", "plus + apostrophe ' backtick `", "lone \ud800 surrogate",
    ];

    [Fact]
    public void The_typed_checksum_equals_the_canonical_json_checksum_and_every_written_file_verifies()
    {
        var random = new Random(20261125);
        for (var round = 0; round < 300; round++)
        {
            var document = Generate(random);
            Assert.Equal(StateTestSupport.ChecksumThroughTree(document), StateContent.Of(document).Checksum());
            var bytes = StateSerializer.Serialize(document.Clone());
            var parsed = StateSerializer.Parse(bytes);
            Assert.True(parsed.IsValid, $"round {round}: {parsed.Problem}");
        }
    }

    internal static StateDocument Generate(Random random)
    {
        var document = new StateDocument
        {
            Serial = random.Next(1, 1000),
            Lineage = Guid.NewGuid().ToString(),
        };
        if (random.Next(3) == 0)
        {
            document.Extra = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
            {
                [Pick(random) + "_top"] = Element(random),
                ["budgets"] = Element(random),
                ["Z-upper"] = Element(random),
                ["é-key"] = Element(random),
            };
        }

        var count = random.Next(0, 12);
        for (var i = 0; i < count; i++)
        {
            var entry = new StateEntry
            {
                Fqn = string.Create(CultureInfo.InvariantCulture, $"pkg/Agent/{i:D3}-{Pick(random)}"),
                Hash = random.Next(4) == 0 ? string.Empty : "sha256:" + Convert.ToHexStringLower(Encoding.UTF8.GetBytes(Pick(random))),
                Status = StateEntryStatus.All[random.Next(3)],
                LastApplied = random.Next(4) == 0 ? null : new DateTimeOffset(2026, 1 + random.Next(12), 1 + random.Next(28), random.Next(24), random.Next(60), random.Next(60), TimeSpan.FromMinutes(15 * random.Next(-48, 56))).AddTicks(random.Next(0, 10_000_000)),
                Adapter = random.Next(3) == 0 ? null : Pick(random),
                Error = random.Next(2) == 0 ? null : Pick(random),
            };
            if (random.Next(3) == 0)
            {
                entry.Extra = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
                {
                    ["orphaned_at"] = JsonSerializer.SerializeToElement("0001-01-01T00:00:00Z"),
                    ["a-first"] = Element(random),
                    ["zz-" + Pick(random)] = Element(random),
                };
            }

            document.Upsert(entry);
        }

        return document;
    }

    private static string Pick(Random random) => Awkward[random.Next(Awkward.Length)];

    private static JsonElement Element(Random random) => random.Next(6) switch
    {
        0 => JsonSerializer.SerializeToElement(Pick(random)),
        1 => JsonDocument.Parse("{\"b\":1,\"a\":[1.5,2e-7,3e21,-0.25,true,null,\"x<y\"],\"c\":{\"z\":{},\"y\":[]}}").RootElement.Clone(),
        2 => JsonSerializer.SerializeToElement(random.NextDouble() * 1000),
        3 => JsonSerializer.SerializeToElement(random.Next()),
        4 => JsonDocument.Parse("null").RootElement.Clone(),
        _ => JsonSerializer.SerializeToElement(new[] { Pick(random), Pick(random) }),
    };
}
