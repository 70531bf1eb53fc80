namespace AgentSpec.Core.Sessions;

/// <summary>Argument checks shared by every store, so that bad input fails the same way everywhere and before any key is built.</summary>
internal static class SessionStoreArguments
{
    public static void ValidateSessionId(string sessionId)
    {
        if (!SessionId.IsValid(sessionId))
        {
            throw new ArgumentException(
                $"'{Shorten(sessionId)}' is not a valid session id (expected '{SessionId.Prefix}' followed by 22 base64url characters).",
                nameof(sessionId));
        }
    }

    public static void ValidateAgent(string agent)
    {
        if (string.IsNullOrWhiteSpace(agent))
        {
            throw new ArgumentException("A session needs the name of its agent.", nameof(agent));
        }
    }

    public static void ValidateTurn(IReadOnlyList<SessionMessage> messages, AppendTurnOptions options)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(options);
        if (messages.Count == 0)
        {
            throw new ArgumentException("A turn has at least one message.", nameof(messages));
        }

        foreach (var message in messages)
        {
            if (message is null)
            {
                throw new ArgumentException("A turn cannot contain a null message.", nameof(messages));
            }

            if (string.IsNullOrWhiteSpace(message.Role))
            {
                throw new ArgumentException("Every message needs a role.", nameof(messages));
            }

            if (message.Content is null)
            {
                throw new ArgumentException("Every message needs content (it may be empty).", nameof(messages));
            }
        }

        if (options.IdempotencyKey is not null && !IdempotencyKey.IsValid(options.IdempotencyKey))
        {
            throw new ArgumentException(
                $"The idempotency key is not valid: use 1 to {IdempotencyKey.MaxLength} ASCII letters, digits or -_.:+/=~@.",
                nameof(options));
        }

        if (options.MaxMessages is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxMessages, "MaxMessages must be at least 1 when set.");
        }
    }

    public static void ValidateIdempotencyKey(string idempotencyKey)
    {
        if (!IdempotencyKey.IsValid(idempotencyKey))
        {
            throw new ArgumentException(
                $"The idempotency key is not valid: use 1 to {IdempotencyKey.MaxLength} ASCII letters, digits or -_.:+/=~@.",
                nameof(idempotencyKey));
        }
    }

    public static void ValidateLimit(int limit)
    {
        if (limit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "A page holds at least one message.");
        }
    }

    /// <summary>The arguments of <see cref="ISessionStore.BeginTurnAsync"/>; the idempotency key is optional.</summary>
    public static void ValidateBeginTurn(string sessionId, string agent, string? idempotencyKey, int windowLimit)
    {
        ValidateSessionId(sessionId);
        ValidateAgent(agent);
        if (idempotencyKey is not null)
        {
            ValidateIdempotencyKey(idempotencyKey);
        }

        ValidateWindow(windowLimit);
    }

    public static void ValidateWindow(int windowLimit)
    {
        if (windowLimit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(windowLimit), windowLimit, "The history window of a turn is 0 (none) or more messages.");
        }
    }

    private static string Shorten(string? value) => value is null ? "(null)" : value.Length <= 40 ? value : value[..40] + "…";
}
