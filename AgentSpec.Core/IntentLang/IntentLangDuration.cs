using System.Globalization;

namespace AgentSpec.Core.IntentLang;

/// <summary>
/// Durations as IntentLang writes them (the original tool used Go's format): one or more
/// <c>number unit</c> parts such as <c>"30s"</c>, <c>"1m30s"</c>, <c>"1.5h"</c> or <c>"250ms"</c>,
/// with units <c>ns us µs ms s m h</c>.
/// </summary>
public static class IntentLangDuration
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var totalTicks = 0.0;
        var position = 0;
        while (position < text.Length)
        {
            var numberStart = position;
            while (position < text.Length && (char.IsAsciiDigit(text[position]) || text[position] == '.'))
            {
                position++;
            }

            if (position == numberStart ||
                !double.TryParse(text.AsSpan(numberStart, position - numberStart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }

            var unitStart = position;
            while (position < text.Length && !char.IsAsciiDigit(text[position]) && text[position] != '.')
            {
                position++;
            }

            var ticksPerUnit = text.AsSpan(unitStart, position - unitStart) switch
            {
                "ns" => TimeSpan.TicksPerMicrosecond / 1000.0,
                "us" or "µs" or "μs" => TimeSpan.TicksPerMicrosecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => double.NaN,
            };
            if (double.IsNaN(ticksPerUnit))
            {
                return false;
            }

            totalTicks += amount * ticksPerUnit;
        }

        if (totalTicks >= TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)totalTicks);
        return true;
    }
}
