namespace AgentSpec.Cli.Output;

/// <summary>
/// A longest-common-subsequence diff of two short sequences (list elements, lines of a prompt), in order:
/// unchanged items as <c>' '</c>, removed as <c>'-'</c>, added as <c>'+'</c>.
/// </summary>
public static class SequenceDiff
{
    // Beyond this the table would cost more than the plan is worth: everything shows as replaced.
    private const long MaxCells = 4_000_000;

    public static List<(char Op, string Text)> Compute(IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var result = new List<(char, string)>(before.Count + after.Count);
        if ((long)before.Count * after.Count > MaxCells)
        {
            result.AddRange(before.Select(text => ('-', text)));
            result.AddRange(after.Select(text => ('+', text)));
            return result;
        }

        // common[i, j] = length of the LCS of before[i..] and after[j..].
        var common = new int[before.Count + 1, after.Count + 1];
        for (var i = before.Count - 1; i >= 0; i--)
        {
            for (var j = after.Count - 1; j >= 0; j--)
            {
                common[i, j] = string.Equals(before[i], after[j], StringComparison.Ordinal)
                    ? common[i + 1, j + 1] + 1
                    : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        int b = 0, a = 0;
        while (b < before.Count || a < after.Count)
        {
            if (b < before.Count && a < after.Count && string.Equals(before[b], after[a], StringComparison.Ordinal))
            {
                result.Add((' ', before[b++]));
                a++;
            }
            else if (b < before.Count && (a == after.Count || common[b + 1, a] >= common[b, a + 1]))
            {
                // Removals before additions at a tie, as diff tools print them.
                result.Add(('-', before[b++]));
            }
            else
            {
                result.Add(('+', after[a++]));
            }
        }

        return result;
    }
}
