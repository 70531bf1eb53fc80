using System.Text;

namespace AgentSpec.Core.IntentLang;

/// <summary>"did you mean …?" hints by Levenshtein edit distance.</summary>
internal static class NameSuggestions
{
    private const int ListedNames = 8;

    /// <summary>
    /// Names longer than this get no "did you mean": nobody mistypes a name that long by a few letters, and the
    /// edit distance is quadratic in the lengths, so a hostile file of huge names must not make checking slow.
    /// </summary>
    private const int LongestSuggestedName = 256;

    /// <summary>
    /// The candidate closest to <paramref name="name"/> when it is within half the name's length
    /// (at least one edit) and shorter than both names, or null. A case-only difference always matches; ties go
    /// to the ordinal-first name.
    /// </summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(candidates);
        if (name.Length > LongestSuggestedName)
        {
            return null;
        }

        var limit = Math.Max(1, name.Length / 2);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            if (string.Equals(candidate, name, StringComparison.Ordinal))
            {
                continue;
            }

            int distance;
            if (string.Equals(candidate, name, StringComparison.OrdinalIgnoreCase))
            {
                distance = 0;
            }
            else if (Math.Abs(candidate.Length - name.Length) > limit)
            {
                continue;
            }
            else
            {
                distance = Distance(name, candidate, limit);
            }

            // Never suggest a name that shares nothing with the misspelling ("s" for "fs").
            if (distance <= limit && distance < Math.Min(name.Length, candidate.Length) && (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0)))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary><c>did you mean "x"?</c>, else a short list of what exists, else <paramref name="whenEmpty"/>.</summary>
    public static string Hint(string name, IReadOnlyCollection<string> candidates, string what, string whenEmpty)
    {
        var closest = Closest(name, candidates);
        if (closest is not null)
        {
            return $"did you mean \"{closest}\"?";
        }

        if (candidates.Count == 0)
        {
            return whenEmpty;
        }

        var sorted = candidates.Order(StringComparer.Ordinal).Take(ListedNames + 1).ToList();
        var text = new StringBuilder(what).Append(": ");
        for (var i = 0; i < Math.Min(ListedNames, sorted.Count); i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append('"').Append(sorted[i]).Append('"');
        }

        if (candidates.Count > ListedNames)
        {
            text.Append(", … (").Append(candidates.Count).Append(" in all)");
        }

        return text.ToString();
    }

    /// <summary>Keyword hint: <c>did you mean 'x'?</c>, else <c>expected one of: a, b, c</c>.</summary>
    public static string KeywordHint(string written, IReadOnlyList<string> keywords)
    {
        var closest = Closest(written, keywords);
        return closest is not null
            ? $"did you mean '{closest}'?"
            : "expected one of: " + string.Join(", ", keywords);
    }

    /// <summary>Edit distance, giving up (returning limit + 1) once every path exceeds <paramref name="limit"/>.</summary>
    internal static int Distance(string a, string b, int limit = int.MaxValue)
    {
        if (a.Length == 0)
        {
            return b.Length;
        }

        if (b.Length == 0)
        {
            return a.Length;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMinimum = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMinimum = Math.Min(rowMinimum, current[j]);
            }

            if (rowMinimum > limit)
            {
                return limit == int.MaxValue ? rowMinimum : limit + 1;
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
