using System.ClientModel;
using System.Collections.Concurrent;
using AgentSpec.Core.Telemetry;
using AgentSpec.Runtime.Agents;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace AgentSpec.Runtime.Models;

/// <summary>
/// Picks each agent's model: the offline model by default, or the OpenAI-compatible endpoint of
/// <see cref="ModelOptions.Endpoint"/>. Clients are created once and reused.
/// </summary>
public sealed class ModelCatalog : IDisposable
{
    public const string OfflineKind = "offline";
    public const string OpenAiCompatibleKind = "openai-compatible";

    private readonly ModelOptions _options;
    private readonly OpenAIClient? _openAi;
    private readonly ConcurrentDictionary<string, AgentModel> _models = new(StringComparer.Ordinal);

    public ModelCatalog(IOptions<ModelOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        if (!string.IsNullOrWhiteSpace(_options.Endpoint))
        {
            if (!Uri.TryCreate(_options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            {
                throw new ArgumentException(
                    $"{ModelOptions.SectionName}:Endpoint '{_options.Endpoint}' is not an http(s) URL such as http://localhost:11434/v1.");
            }

            if (_options.Timeout <= TimeSpan.Zero)
            {
                throw new ArgumentException($"{ModelOptions.SectionName}:Timeout must be positive, not {_options.Timeout}.");
            }

            _openAi = new OpenAIClient(
                new ApiKeyCredential(string.IsNullOrEmpty(_options.ApiKey) ? "unused" : _options.ApiKey),
                new OpenAIClientOptions { Endpoint = endpoint, NetworkTimeout = _options.Timeout });
        }
    }

    /// <summary><see cref="OfflineKind"/> or <see cref="OpenAiCompatibleKind"/>.</summary>
    public string Kind => _openAi is null ? OfflineKind : OpenAiCompatibleKind;

    /// <summary>The name of the model that answers <paramref name="agent"/>: <c>offline</c>, the deployed model name, or null when none can.</summary>
    public string? ServingName(DeployedAgent agent) => _openAi is null ? OfflineChatClient.ModelName : DeployedModelOf(agent);

    /// <summary>The model for <paramref name="agent"/>; null when the endpoint is configured but nobody named a model.</summary>
    public AgentModel? For(DeployedAgent agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (_openAi is null)
        {
            // One offline client per agent (it puts the agent's name in its replies).
            return _models.GetOrAdd(agent.Name, static name => new AgentModel(Traced(new OfflineChatClient(name)), OfflineChatClient.ModelName, ReadsHistory: false));
        }

        var modelId = DeployedModelOf(agent);
        if (string.IsNullOrWhiteSpace(modelId))
        {
            return null;
        }

        return _models.GetOrAdd(modelId, static (id, client) => new AgentModel(Traced(client.GetChatClient(id).AsIChatClient()), id, ReadsHistory: true), _openAi);
    }

    /// <summary>The agent's model mapped by <see cref="ModelOptions.Deployments"/>, else <see cref="ModelOptions.Model"/>, else as named.</summary>
    private string? DeployedModelOf(DeployedAgent agent)
    {
        var named = agent.Definition.Model;
        var modelId = named is not null && _options.Deployments.TryGetValue(named, out var deployed) && !string.IsNullOrWhiteSpace(deployed) ? deployed
            : string.IsNullOrWhiteSpace(_options.Model) ? named
            : _options.Model;
        return string.IsNullOrWhiteSpace(modelId) ? null : modelId;
    }

    /// <summary>
    /// A span per model call with the GenAI semantic conventions (docs/telemetry.md). Message contents stay out
    /// of spans: they may hold personal data, and tool results what a secret unlocked.
    /// </summary>
    private static IChatClient Traced(IChatClient client) =>
        new ChatClientBuilder(client).UseOpenTelemetry(sourceName: AgentSpecTelemetry.ModelsSourceName, configure: telemetry => telemetry.EnableSensitiveData = false).Build();

    public void Dispose()
    {
        foreach (var model in _models.Values)
        {
            model.Client.Dispose();
        }
    }
}
