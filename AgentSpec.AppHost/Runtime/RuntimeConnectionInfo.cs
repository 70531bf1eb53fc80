using AgentSpec.Core.RuntimeApi;
using Microsoft.Extensions.Configuration;

namespace AgentSpec.AppHost.Runtime;

/// <summary>
/// How a terminal reaches the orchestrated runtime: a ready-to-paste <c>export</c> line with its URL and API key,
/// and the dashboard's login URL. The AppHost prints it at start and the cli resource's Connection info command
/// shows it (docs/architecture.md, "Reaching the runtime").
/// </summary>
public sealed record RuntimeConnectionInfo(Uri RuntimeUrl, string ApiKey, string? DashboardLoginUrl)
{
    private const string DashboardUrlsKey = "ASPNETCORE_URLS";
    private const string BrowserTokenKey = "AppHost:BrowserToken";

    /// <summary><c>export AGENTSPEC_RUNTIME_URL=… AGENTSPEC_API_KEY=…</c>, quoted only where the shell needs it.</summary>
    public string ExportLine =>
        $"export {RuntimeVariables.RuntimeUrl}={ShellWord(RuntimeUrl.ToString().TrimEnd('/'))} {RuntimeVariables.ApiKey}={ShellWord(ApiKey)}";

    /// <summary>The export line that points a terminal's CLI at the same state as the <c>cli</c> resource; null when it has none.</summary>
    public string? StateExportLine { get; init; }

    /// <summary>The text a person reads: the export line(s), then where the dashboard is.</summary>
    public string Describe()
    {
        var lines = StateExportLine is null ? ExportLine : $"{ExportLine}\n{StateExportLine}";
        return DashboardLoginUrl is null ? lines : $"{lines}\nDashboard: {DashboardLoginUrl}";
    }

    /// <summary>Reads the allocated runtime endpoint and the key's value; only valid once the runtime has started.</summary>
    public static async Task<RuntimeConnectionInfo> ResolveAsync(
        ProjectResource runtime,
        ParameterResource apiKey,
        IConfiguration configuration,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(apiKey);
        ArgumentNullException.ThrowIfNull(configuration);
        var url = new Uri(runtime.GetEndpoint(RuntimeBuilderExtensions.EndpointName).Url);
        var key = await apiKey.GetValueAsync(cancellationToken)
            ?? throw new InvalidOperationException($"The {apiKey.Name} parameter has no value.");
        var state = runtime.Annotations.OfType<Cli.StateConnectionAnnotation>().FirstOrDefault();
        return new RuntimeConnectionInfo(url, key, DashboardLoginUrlFrom(configuration))
        {
            StateExportLine = state is null ? null : await state.ExportLineAsync(cancellationToken),
        };
    }

    /// <summary>The first dashboard address with the browser token the AppHost generated (none when the dashboard is unsecured).</summary>
    public static string? DashboardLoginUrlFrom(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var address = configuration[DashboardUrlsKey]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (string.IsNullOrEmpty(address))
        {
            return null;
        }

        var token = configuration[BrowserTokenKey];
        return string.IsNullOrEmpty(token) ? address : $"{address.TrimEnd('/')}/login?t={Uri.EscapeDataString(token)}";
    }

    /// <summary>A configured key may hold characters the shell interprets; a generated one (letters and digits) never does.</summary>
    public static string ShellWord(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '/' or '@' or '%' or '+' or '=')
            ? value
            : $"'{value.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
