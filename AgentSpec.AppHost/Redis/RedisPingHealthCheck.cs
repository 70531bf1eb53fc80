using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentSpec.AppHost.Redis;

/// <summary>
/// Healthy when the server accepts the password and answers <c>PING</c> with <c>PONG</c>. A server still
/// replaying its append-only file answers <c>-LOADING</c> and is reported unhealthy, so consumers that
/// wait for health never see a half-loaded dataset.
/// </summary>
public sealed class RedisPingHealthCheck : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly RedisServerResource _resource;

    public RedisPingHealthCheck(RedisServerResource resource)
    {
        _resource = resource ?? throw new ArgumentNullException(nameof(resource));
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!_resource.PrimaryEndpoint.IsAllocated)
        {
            return HealthCheckResult.Unhealthy("The Redis endpoint is not allocated yet.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var password = await _resource.PasswordParameter.GetValueAsync(timeout.Token) ?? string.Empty;
            using var client = new TcpClient();
            await client.ConnectAsync(_resource.PrimaryEndpoint.Host, _resource.PrimaryEndpoint.Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.UTF8.GetBytes(Command("AUTH", password) + Command("PING")), timeout.Token);
            using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
            var authReply = await reader.ReadLineAsync(timeout.Token);
            var pingReply = await reader.ReadLineAsync(timeout.Token);
            if (authReply != "+OK")
            {
                return HealthCheckResult.Unhealthy($"AUTH was refused: {authReply ?? "connection closed"}");
            }

            return pingReply == "+PONG"
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"PING answered {pingReply ?? "nothing (connection closed)"}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"No PING reply within {Timeout.TotalSeconds:0} s.");
        }
        catch (SocketException ex)
        {
            return HealthCheckResult.Unhealthy("Could not connect to Redis.", ex);
        }
        catch (IOException ex)
        {
            return HealthCheckResult.Unhealthy("The Redis connection failed.", ex);
        }
    }

    /// <summary>A RESP array of bulk strings: safe for any password bytes.</summary>
    private static string Command(params string[] parts)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"*{parts.Length}\r\n");
        foreach (var part in parts)
        {
            text.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(part)}\r\n{part}\r\n");
        }

        return text.ToString();
    }
}
