using System.Text.Json.Serialization;
using AgentSpec.Core.Sessions;

namespace AgentSpec.Core.RuntimeApi;

/// <summary>One page of history, oldest first; <see cref="NextCursor"/> (null on the oldest page) is the <c>before</c> of the page before it.</summary>
public sealed record MessagePageResponse(
    IReadOnlyList<SessionMessage> Messages,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? NextCursor);
