using HealthChecks.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentSpec.AppHost.Redis;

/// <summary>
/// The <c>redis</c> resource's health: the <c>AspNetCore.HealthChecks.Redis</c> check (the one Aspire's own
/// Redis resource uses: connect and <c>PING</c> through StackExchange.Redis) over the resource's connection
/// string, which exists only once the orchestrator has allocated the endpoint. A wrong password, a server
/// that is not listening and a server still replaying its append-only file (<c>-LOADING</c>) are all
/// unhealthy, so consumers that wait for health never see a half-loaded dataset.
/// </summary>
public sealed class RedisServerHealthCheck : IHealthCheck
{
    private readonly RedisServerResource _resource;

    public RedisServerHealthCheck(RedisServerResource resource)
    {
        _resource = resource ?? throw new ArgumentNullException(nameof(resource));
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_resource.PrimaryEndpoint.IsAllocated)
        {
            return HealthCheckResult.Unhealthy("The Redis endpoint is not allocated yet.");
        }

        var connectionString = await _resource.ConnectionStringExpression.GetValueAsync(cancellationToken);
        if (string.IsNullOrEmpty(connectionString))
        {
            return HealthCheckResult.Unhealthy("The Redis connection string is not available yet.");
        }

        // The package keeps one connection per connection string between checks.
        return await new RedisHealthCheck(connectionString).CheckHealthAsync(context, cancellationToken);
    }
}
