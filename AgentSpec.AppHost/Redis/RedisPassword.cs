namespace AgentSpec.AppHost.Redis;

/// <summary>
/// Guards the password before it is written into a server configuration file and a connection string:
/// a comma would split the StackExchange.Redis connection string, quotes and whitespace would break the
/// configuration syntax.
/// </summary>
public static class RedisPassword
{
    public static string Validate(string? password, string parameterName)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw new InvalidOperationException(
                $"The Redis password parameter '{parameterName}' is empty. Remove the configured value (Parameters:{parameterName}) to let the AppHost generate one.");
        }

        foreach (var c in password)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || c is ',' or '"' or '\'' or '\\' || c > '~')
            {
                throw new InvalidOperationException(
                    $"The Redis password parameter '{parameterName}' contains a character that cannot appear in a Redis connection string or configuration file (whitespace, quotes, backslash, comma or non-ASCII). Use letters, digits and simple punctuation.");
            }
        }

        return password;
    }
}
