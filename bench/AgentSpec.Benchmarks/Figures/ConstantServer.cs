using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Benchmarks.Figures;

/// <summary>
/// The bare Kestrel peer of figure 5 (<c>serve-constant</c>): its own process, like the runtime, answering
/// the chat-turn route with a constant JSON body and doing nothing else. Prints "listening URL" and stops
/// when its standard input closes.
/// </summary>
internal static class ConstantServer
{
    public const string Mode = "serve-constant";

    private static readonly byte[] Reply = Encoding.UTF8.GetBytes("""{"reply":"Your order left the warehouse yesterday.","session_id":"sess_AAAAAAAAAAAAAAAAAAAAAA","model_calls":1,"duration_ms":0}""");

    public static async Task<int> RunAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapPost("/v1/agents/{name}/sessions/{id}", static async (HttpContext context) =>
        {
            // Read the request like a real endpoint would, then answer the constant.
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(Reply, context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        Console.Out.WriteLine($"listening {address}");
        Console.Out.Flush();
        while (await Console.In.ReadLineAsync() is not null)
        {
        }

        await app.StopAsync();
        return 0;
    }
}
