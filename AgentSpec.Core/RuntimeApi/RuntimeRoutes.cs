namespace AgentSpec.Core.RuntimeApi;

/// <summary>
/// The runtime's routes: the templates the runtime maps and the relative paths clients request
/// (names and ids escaped), so both sides spell each route once.
/// </summary>
public static class RuntimeRoutes
{
    public const string Healthz = "/healthz";
    public const string Agents = "/v1/agents";
    public const string Agent = "/{name}";
    public const string Sessions = "/v1/agents/{name}/sessions";
    public const string Session = "/{id}";
    public const string SessionMessages = "/{id}/messages";
    public const string Invoke = "/v1/agents/{name}/invoke";

    /// <summary><c>healthz</c>, relative to the runtime's base URL.</summary>
    public static string HealthzPath => Healthz[1..];

    /// <summary><c>v1/agents</c>.</summary>
    public static string AgentsPath => Agents[1..];

    /// <summary><c>v1/agents/{agent}</c>.</summary>
    public static string AgentPath(string agent)
    {
        ArgumentException.ThrowIfNullOrEmpty(agent);
        return AgentsPath + "/" + Uri.EscapeDataString(agent);
    }

    /// <summary><c>v1/agents/{agent}/sessions</c>.</summary>
    public static string SessionsPath(string agent) => AgentPath(agent) + "/sessions";

    /// <summary><c>v1/agents/{agent}/sessions/{sessionId}</c>.</summary>
    public static string SessionPath(string agent, string sessionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        return SessionsPath(agent) + "/" + Uri.EscapeDataString(sessionId);
    }

    /// <summary><c>v1/agents/{agent}/sessions/{sessionId}/messages</c>.</summary>
    public static string SessionMessagesPath(string agent, string sessionId) => SessionPath(agent, sessionId) + "/messages";

    /// <summary><c>v1/agents/{agent}/invoke</c>.</summary>
    public static string InvokePath(string agent) => AgentPath(agent) + "/invoke";
}
