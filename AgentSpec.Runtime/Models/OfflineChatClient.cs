using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace AgentSpec.Runtime.Models;

/// <summary>
/// The built-in model: no network, no randomness, nearly no cost. It answers every message with
/// <c>[offline model] &lt;agent&gt; received: &lt;message&gt;</c>, so a reply always says where it came
/// from and which message it answers. It can call tools too, deterministically (docs/tools.md): a message
/// <c>use skill "name" {json input}</c> naming one of the agent's skills becomes a call of that skill, and
/// the reply then quotes the tool's result.
/// </summary>
public sealed partial class OfflineChatClient : IChatClient
{
    private const string ToolResultMiddle = "; tool ";
    private const string ToolResultEnd = " returned: ";
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
        ArgumentNullException.ThrowIfNull(messages);
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        var userText = LastUserText(list);
        if (list.Count > 0 && list[^1].Role == ChatRole.Tool)
        {
            // The tool ran: answer with what it returned.
            var results = list[^1].Contents.OfType<FunctionResultContent>()
                .Select(result => string.Concat(ToolResultMiddle, NameOfCall(list, result.CallId), ToolResultEnd, result.Result?.ToString()));
            return Respond(new ChatMessage(ChatRole.Assistant, string.Concat(ReplyTo(userText), string.Concat(results))), ChatFinishReason.Stop);
        }

        if (list.Count > 0 && list[^1].Role == ChatRole.User && ToolRequest.Match(userText) is { Success: true } match
            && options?.Tools?.FirstOrDefault(tool => tool.Name == match.Groups["skill"].Value) is { } function)
        {
            var arguments = ParseArguments(match.Groups["input"].Value);
            var call = new FunctionCallContent($"offline-call-{list.Count}", function.Name, arguments);
            return Respond(new ChatMessage(ChatRole.Assistant, [call]), ChatFinishReason.ToolCalls);
        }

        return Respond(new ChatMessage(ChatRole.Assistant, ReplyTo(userText)), ChatFinishReason.Stop);
    }

    private static Task<ChatResponse> Respond(ChatMessage message, ChatFinishReason finishReason) =>
        Task.FromResult(new ChatResponse(message) { ModelId = ModelName, FinishReason = finishReason });

    private static string NameOfCall(IList<ChatMessage> messages, string callId) =>
        messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().FirstOrDefault(c => c.CallId == callId)?.Name ?? callId;

    private static Dictionary<string, object?> ParseArguments(string json)
    {
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return arguments;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    arguments[property.Name] = property.Value.Clone();
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the skill is called without input, and its required-field check says what is missing.
        }

        return arguments;
    }

    /// <summary><c>use skill "order-status" {"order_id": "1234"}</c>, mirroring IntentLang's <c>uses skill "…"</c>.</summary>
    [GeneratedRegex("""^\s*use\s+skill\s+"(?<skill>[^"]+)"\s*(?<input>\{.*\})?\s*$""", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex ToolRequest { get; }

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

    private static string LastUserText(IList<ChatMessage> list)
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
}
