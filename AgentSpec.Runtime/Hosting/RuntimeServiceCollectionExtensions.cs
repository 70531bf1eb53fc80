using System.Text.Encodings.Web;
using AgentSpec.Core.RuntimeApi;
using AgentSpec.Core.Sessions;
using AgentSpec.Runtime.Agents;
using AgentSpec.Runtime.Auth;
using AgentSpec.Runtime.Errors;
using AgentSpec.Runtime.Json;
using AgentSpec.Runtime.Models;
using AgentSpec.Runtime.Sessions;
using AgentSpec.Runtime.Tools;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AgentSpec.Runtime.Hosting;

public static class RuntimeServiceCollectionExtensions
{
    public const string SessionsSection = "AgentSpec:Sessions";

    /// <summary>
    /// Registers everything the runtime serves: auth, the agent registry and session store (Redis when the
    /// <c>redis</c> connection string exists, memory otherwise), models, limits and JSON.
    /// Throws <see cref="RuntimeConfigurationException"/> when the configuration does not let it start.
    /// </summary>
    public static WebApplicationBuilder AddAgentSpecRuntime(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = RuntimeSettings.From(builder.Configuration);
        var services = builder.Services;
        services.AddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(settings.ApiKey is null ? ApiKeyVerifier.Anonymous() : ApiKeyVerifier.ForKey(settings.ApiKey));
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, configureOptions: null);

        // Every request needs the key unless its endpoint allows anonymous access: also one that matches no
        // endpoint, so a caller without the key cannot probe which routes exist.
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().Build());
        services.AddProblemDetails();
        services.AddExceptionHandler<RuntimeExceptionHandler>();

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes);
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, RuntimeApiJsonContext.Wire);

            // Problem bodies too read naturally: quotes and angle brackets unescaped (application/json, never HTML).
            json.SerializerOptions.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        });

        services.Configure<ModelOptions>(builder.Configuration.GetSection(ModelOptions.SectionName));
        services.AddSingleton<ModelCatalog>();
        services.Configure<ToolOptions>(builder.Configuration.GetSection(ToolOptions.SectionName));
        services.AddSingleton<ToolSecrets>();
        services.AddSingleton<ToolHostPolicy>();
        services.AddSingleton<HttpToolRunner>();
        services.AddSingleton<McpToolRunner>();
        services.AddSingleton<CommandToolRunner>();
        services.AddSingleton<InlineToolRunner>();
        services.AddSingleton(provider => new SkillToolbox(
            provider.GetRequiredService<HttpToolRunner>(),
            provider.GetRequiredService<CommandToolRunner>(),
            provider.GetRequiredService<InlineToolRunner>(),
            provider.GetRequiredService<McpToolRunner>(),
            provider.GetRequiredService<ToolSecrets>(),
            provider.GetRequiredService<ILogger<SkillToolbox>>()));
        services.AddSingleton<InFlightTurns>();
        services.AddSingleton<ChatTurns>();

        if (settings.RedisConnectionString is not null)
        {
            // Start (and answer 503) while Redis is down rather than refuse to start: it may come up later.
            builder.AddRedisClient(RuntimeSettings.RedisConnectionName, configureOptions: options => options.AbortOnConnectFail = false);
            services.Configure<RedisSessionStoreOptions>(builder.Configuration.GetSection(SessionsSection));
            services.AddRedisSessionStore(options => options.KeyPrefix = settings.RedisKeyPrefix);
            services.AddSingleton<IAgentRegistry>(provider => new RedisAgentRegistry(
                provider.GetRequiredService<IConnectionMultiplexer>(),
                settings.RedisKeyPrefix,
                provider.GetRequiredService<IOptions<RedisSessionStoreOptions>>().Value.Database,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<RedisAgentRegistry>>()));
        }
        else
        {
            services.AddSingleton<IAgentRegistry, MemoryAgentRegistry>();
            services.Configure<MemorySessionStoreOptions>(builder.Configuration.GetSection(SessionsSection));
            services.AddMemorySessionStore();
        }

        return builder;
    }
}
