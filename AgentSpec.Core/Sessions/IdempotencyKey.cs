namespace AgentSpec.Core.Sessions;

/// <summary>
/// Idempotency keys become part of a store key, so only a conservative alphabet is accepted:
/// ASCII letters, digits and <c>-_.:+/=~@</c> (enough for UUIDs, base64 and ULIDs), 1 to 200 characters.
/// </summary>
public static class IdempotencyKey
{
    public const int MaxLength = 200;

    public static bool IsValid(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '+' or '/' or '=' or '~' or '@'))
            {
                return false;
            }
        }

        return true;
    }
}
