using Microsoft.Extensions.AI;

namespace AgentSpec.Runtime.Models;

/// <summary>The chat client an agent's turns go to.</summary>
/// <param name="Name">The model's name as the runtime reports it (<c>offline</c> or the model id).</param>
/// <param name="ReadsHistory">
/// False for the offline model, whose reply depends only on the new message: the turn then skips reading
/// the history window, which keeps the offline path cheap under load.
/// </param>
public sealed record AgentModel(IChatClient Client, string Name, bool ReadsHistory);
