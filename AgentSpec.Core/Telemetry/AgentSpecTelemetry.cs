using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AgentSpec.Core.Telemetry;

/// <summary>
/// The names of the AgentSpec activity sources and meters. They are API: dashboards and alerts
/// depend on them, so they never change. The <c>apply</c> span belongs to <c>AgentSpec.State</c>; the
/// root span of every CLI command (<c>agentspec plan</c>, …) to <c>AgentSpec.Cli</c> (docs/telemetry.md).
/// </summary>
public static class AgentSpecTelemetry
{
    public const string StateSourceName = "AgentSpec.State";
    public const string SessionsSourceName = "AgentSpec.Sessions";
    public const string CliSourceName = "AgentSpec.Cli";

    /// <summary>The runtime's model calls and tool calls (GenAI semantic conventions, Microsoft.Extensions.AI).</summary>
    public const string ModelsSourceName = "AgentSpec.Models";

    public static readonly ActivitySource State = new(StateSourceName);
    public static readonly ActivitySource Sessions = new(SessionsSourceName);
    public static readonly ActivitySource Cli = new(CliSourceName);

    public static readonly Meter StateMeter = new(StateSourceName);
    public static readonly Meter SessionsMeter = new(SessionsSourceName);

    public static IReadOnlyList<string> SourceNames { get; } = [StateSourceName, SessionsSourceName, CliSourceName];
}
