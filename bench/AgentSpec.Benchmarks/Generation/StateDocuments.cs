using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AgentSpec.Core.State;

namespace AgentSpec.Benchmarks.Generation;

/// <summary>State documents of a chosen size, shaped like what <c>apply</c> records.</summary>
internal static class StateDocuments
{
    private static readonly DateTimeOffset Applied = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    public static StateDocument WithEntries(int count, string package = "bench")
    {
        var document = StateDocument.Empty();
        for (var i = 0; i < count; i++)
        {
            var kind = (i % 10) switch
            {
                0 => "Prompt",
                1 or 2 or 3 => "Skill",
                _ => "Agent",
            };
            document.Entries.Add(new StateEntry
            {
                Fqn = string.Create(CultureInfo.InvariantCulture, $"{package}/{kind}/{kind.ToLowerInvariant()}-{i:D6}"),
                Hash = Hash(i),
                Status = StateEntryStatus.Applied,
                LastApplied = Applied,
                Adapter = "record-only",
            });
        }

        document.SortEntries();
        return document;
    }

    /// <summary>A distinct, realistic content hash for each number.</summary>
    public static string Hash(long seed) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed.ToString(CultureInfo.InvariantCulture))));
}
