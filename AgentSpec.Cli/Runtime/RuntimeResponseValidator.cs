using System.Globalization;
using AgentSpec.Core.RuntimeApi;

namespace AgentSpec.Cli.Runtime;

/// <summary>
/// Checks that a success answer of the runtime has every field the CLI relies on. Each method returns
/// what is wrong (e.g. <c>agents[2].name is missing</c>) or null when the answer is usable.
/// </summary>
internal static class RuntimeResponseValidator
{
    public static string? Health(HealthzResponse health) =>
        Missing(health.Status, "status") ?? Missing(health.Version, "version");

    public static string? Deployment(AgentDeployResponse deployment) =>
        Missing(deployment.Name, "name") ?? Missing(deployment.Hash, "hash") ?? Missing(deployment.Status, "status");

    public static string? AgentListResponse(AgentListResponse list) =>
        list.Agents is null
            ? "agents is missing"
            : Each(list.Agents, "agents", agent =>
                Missing(agent.Name, "name") ?? Missing(agent.Package, "package") ?? Missing(agent.Fqn, "fqn") ?? Missing(agent.Hash, "hash")
                ?? (agent.Skills is { } skills && skills.Any(s => s is null) ? "skills has a null entry" : null));

    public static string? AgentDetails(AgentDetailsResponse details) =>
        Missing(details.Name, "name") ?? Missing(details.Hash, "hash")
        ?? (details.Definition is null ? "definition is missing" : Missing(details.Definition.Name, "definition.name"));

    public static string? SessionCreatedResponse(SessionCreatedResponse session) =>
        Missing(session.SessionId, "session_id") ?? Missing(session.Agent, "agent");

    public static string? ChatReplyResponse(ChatReplyResponse reply) =>
        Missing(reply.Output, "output") ?? Missing(reply.SessionId, "session_id");

    public static string? MessagePageResponse(MessagePageResponse page) =>
        page.Messages is null
            ? "messages is missing"
            : Each(page.Messages, "messages", message => Missing(message.Role, "role") ?? Missing(message.Content, "content"));

    public static string? SessionListResponse(SessionListResponse list) =>
        list.Sessions is null
            ? "sessions is missing"
            : Each(list.Sessions, "sessions", session => Missing(session.SessionId, "session_id") ?? Missing(session.Agent, "agent"));

    private static string? Missing(string? value, string field) => value is null ? $"{field} is missing" : null;

    private static string? Each<T>(IReadOnlyList<T> items, string name, Func<T, string?> check)
        where T : class
    {
        for (var i = 0; i < items.Count; i++)
        {
            var where = string.Create(CultureInfo.InvariantCulture, $"{name}[{i}]");
            if (items[i] is not { } item)
            {
                return $"{where} is null";
            }

            if (check(item) is { } problem)
            {
                return $"{where}.{problem}";
            }
        }

        return null;
    }
}
