using System.Globalization;

namespace AgentSpec.Core.Sessions;

/// <summary>
/// Paging cursors. Every message of a session carries a sequence number that only grows (trims remove
/// the oldest, appends add newer ones), so "messages with a sequence number below N" names the same
/// messages no matter how many writers append or trim between two page reads.
/// </summary>
internal static class MessageCursor
{
    public static string Encode(long sequence) => sequence.ToString(CultureInfo.InvariantCulture);

    /// <summary>The exclusive upper bound, or null for the newest page.</summary>
    public static long? Decode(string? cursor)
    {
        if (cursor is null)
        {
            return null;
        }

        if (cursor.Length is 0 or > 19
            || !long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || sequence < 1)
        {
            throw new ArgumentException($"The cursor '{Truncate(cursor)}' is not valid: pass the next_cursor of an earlier page.", nameof(cursor));
        }

        return sequence;
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
