using System.Net;
using AgentSpec.Core.CliContract;
using AgentSpec.Core.State.RedisBackend;
using StackExchange.Redis;

namespace AgentSpec.Cli.Commands;

/// <summary>
/// The connection to the Redis state server. Opened only by commands that read or change state, so
/// <c>validate</c> and friends never touch Redis. The password never appears in a message: only
/// <see cref="Describe"/> (endpoints) and <see cref="Redacted"/> are ever printed.
/// </summary>
public static class RedisStateConnection
{
    /// <exception cref="CliException">The connection string is missing or not valid.</exception>
    public static ConfigurationOptions Parse(string? connection)
    {
        if (string.IsNullOrWhiteSpace(connection))
        {
            throw new CliException(
                "The Redis state backend needs the address of a Redis server.",
                $"Pass --state-redis HOST:PORT[,password=...] or set {StateVariables.RedisConnection}.") { Code = "invalid_arguments" };
        }

        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(connection);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or RedisConnectionException)
        {
            // The message is not shown: it may quote part of the string, password included.
            throw new CliException(
                "The Redis connection string (--state-redis or " + StateVariables.RedisConnection + ") is not valid.",
                "Use the StackExchange.Redis form HOST:PORT[,password=...][,ssl=true], e.g. localhost:6379.") { Code = "invalid_arguments" };
        }

        if (options.EndPoints.Count == 0)
        {
            throw new CliException(
                "The Redis connection string (--state-redis or " + StateVariables.RedisConnection + ") names no server.",
                "Use the StackExchange.Redis form HOST:PORT[,password=...], e.g. localhost:6379.") { Code = "invalid_arguments" };
        }

        RedisStateClientDefaults.Apply(options, connection);
        options.ClientName ??= "agentspec-cli";
        return options;
    }

    /// <summary>Connects, or fails with one sentence and a hint (exit 1).</summary>
    /// <exception cref="CliException">Nothing answered, the password was refused, or the connection failed otherwise.</exception>
    public static async Task<IConnectionMultiplexer> ConnectAsync(ConfigurationOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            return await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(cancellationToken);
        }
        catch (RedisConnectionException ex)
        {
            var (reason, hint) = ex.FailureType switch
            {
                ConnectionFailureType.AuthenticationFailure =>
                    ("the server refused the password or user", "Check the password in --state-redis or " + StateVariables.RedisConnection + " (under Aspire the dashboard shows the redis resource's connection string)."),
                _ =>
                    ("nothing answered in time", "Check that the Redis server is running and the address in --state-redis or " + StateVariables.RedisConnection + " is right (under Aspire, that the AppHost is running)."),
            };
            throw new CliException($"Could not connect to the Redis state server at {Describe(options)}: {reason}.", hint) { Code = "state_unreachable" };
        }
    }

    /// <summary>The servers, e.g. <c>localhost:6379</c>; never the password.</summary>
    public static string Describe(ConfigurationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.Join(", ", options.EndPoints.Select(endpoint => endpoint switch
        {
            DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
            _ => endpoint.ToString(),
        }));
    }

    /// <summary>The connection string as the user gave it, without its password, for the lines a user copies.</summary>
    public static string Redacted(string connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var options = ConfigurationOptions.Parse(connection);

        // Dropped rather than masked (ToString(false) writes "password=*****"): a masked line pasted as is would fail.
        options.Password = null;
        return options.ToString(includePassword: false);
    }

    /// <summary>Whether the connection string carries a password (the lines a user copies then say to add it).</summary>
    public static bool HasPassword(string connection) =>
        !string.IsNullOrEmpty(ConfigurationOptions.Parse(connection ?? throw new ArgumentNullException(nameof(connection))).Password);
}
