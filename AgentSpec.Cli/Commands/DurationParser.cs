using System.Globalization;

namespace AgentSpec.Cli.Commands;

/// <summary>Parses durations the way infrastructure tools accept them: <c>0</c>, <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1m30s</c>.</summary>
public static class DurationParser
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var span = text.Trim().AsSpan();
        if (span is "0")
        {
            return true;
        }

        var total = TimeSpan.Zero;
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && (char.IsAsciiDigit(span[digits]) || span[digits] == '.'))
            {
                digits++;
            }

            if (digits == 0 || !double.TryParse(span[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            span = span[digits..];
            var unit = 0;
            while (unit < span.Length && char.IsAsciiLetter(span[unit]))
            {
                unit++;
            }

            var unitValue = span[..unit] switch
            {
                "ms" => TimeSpan.FromMilliseconds(1),
                "s" => TimeSpan.FromSeconds(1),
                "m" => TimeSpan.FromMinutes(1),
                "h" => TimeSpan.FromHours(1),
                _ => TimeSpan.Zero,
            };
            if (unitValue == TimeSpan.Zero)
            {
                return false;
            }

            // Checked in doubles first: "99999999999h" must be "too long", not an OverflowException.
            var ticks = value * unitValue.Ticks;
            if (double.IsNaN(ticks) || ticks + total.Ticks >= TimeSpan.MaxValue.Ticks)
            {
                return false;
            }

            total += TimeSpan.FromTicks((long)ticks);
            span = span[unit..];
        }

        duration = total;
        return true;
    }

    /// <summary>
    /// Parses an option's duration and checks its range, adding a one-sentence error to <paramref name="result"/>
    /// when the text is not a duration or falls outside [<paramref name="minimum"/>, <paramref name="maximum"/>].
    /// </summary>
    public static TimeSpan? ParseOption(System.CommandLine.Parsing.ArgumentResult result, TimeSpan minimum, TimeSpan maximum)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = result.Tokens.Count == 0 ? null : result.Tokens[0].Value;
        var option = result.Parent is System.CommandLine.Parsing.OptionResult parent ? parent.Option.Name : "the duration";
        if (!TryParse(text, out var duration))
        {
            result.AddError(IsDurationLike(text)
                ? $"{option} '{text}' is too long; use at most {Format(maximum)}."
                : $"{option} '{text}' is not a duration; use forms like 0, 500ms, 30s, 5m or 1h.");
            return null;
        }

        if (duration < minimum)
        {
            result.AddError(minimum == TimeSpan.Zero
                ? $"{option} '{text}' is negative; use 0 or more."
                : $"{option} '{text}' is too short; use at least {Format(minimum)}.");
            return null;
        }

        if (duration > maximum)
        {
            result.AddError($"{option} '{text}' is too long; use at most {Format(maximum)}.");
            return null;
        }

        return duration;
    }

    // Digits and units only, yet TryParse failed: the value overflowed.
    private static bool IsDurationLike(string? text) =>
        !string.IsNullOrWhiteSpace(text)
        && text.Trim().All(c => char.IsAsciiDigit(c) || c == '.' || c is 'm' or 's' or 'h')
        && char.IsAsciiDigit(text.Trim()[0]);

    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalMilliseconds}ms");
        }

        if (duration < TimeSpan.FromMinutes(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalSeconds}s");
        }

        if (duration < TimeSpan.FromHours(1))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalMinutes}m{duration.Seconds}s");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours}h{duration.Minutes}m");
    }
}
