using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace AgentSpec.Runtime.Hosting;

/// <summary>Composes the runtime; Program.cs and the tests build it the same way.</summary>
public static class RuntimeApplication
{
    /// <param name="configure">Adjusts the builder before anything reads its configuration (tests add settings here).</param>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddServiceDefaults();
        builder.AddAgentSpecRuntime();

        var app = builder.Build();
        app.UseAgentSpecRuntime();
        app.MapDefaultEndpoints();
        app.MapAgentSpecRuntimeApi();
        return app;
    }
}
