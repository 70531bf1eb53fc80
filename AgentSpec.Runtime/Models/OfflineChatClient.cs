using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace AgentSpec.Runtime.Models;

/// <summary>
/// The built-in model: no network, no randomness, nearly no cost. It answers every message with
/// <c>[offline model] &lt;agent&gt; received: &lt;message&gt;</c>, so a reply always says where it came
/// from and which message it answers.
/// </summary>
public sealed class OfflineChatClient : IChatClient
{
    public const string ModelName = "offline";
    private const string ReplyPrefix = "[offline model] ";
    private const string ReplyMiddle = " received: ";

    private static readonly ChatClientMetadata Metadata = new("agentspec-offline", null, ModelName);

    public OfflineChatClient(string agentName)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentName);
        AgentName = agentName;
    }

    public string AgentName { get; }

    /// <summary>The reply to <paramref name="message"/>; what <see cref="GetResponseAsync"/> answers.</summary>
    public string ReplyTo(string message) => string.Concat(ReplyPrefix, AgentName, ReplyMiddle, message);

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var reply = new ChatMessage(ChatRole.Assistant, ReplyTo(LastUserText(messages)));
        return Task.FromResult(new ChatResponse(reply) { ModelId = ModelName, FinishReason = ChatFinishReason.Stop });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? Metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
    }

    private static string LastUserText(IEnumerable<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages is IList<ChatMessage> list)
        {
            for (var i = list.Count - 1; i >= 0; i--)
            {
                if (list[i].Role == ChatRole.User)
                {
                    return list[i].Text;
                }
            }

            return string.Empty;
        }

        return messages.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;
    }
}
