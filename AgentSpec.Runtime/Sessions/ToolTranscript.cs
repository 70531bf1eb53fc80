using System.Text.Json;
using System.Text.Json.Nodes;
using AgentSpec.Core.Sessions;
using AgentSpec.Runtime.Tools;
using Microsoft.Extensions.AI;

namespace AgentSpec.Runtime.Sessions;

/// <summary>
/// Tool calls between the model's messages and the stored history (docs/sessions.md, "Tool messages"):
/// each call is a <c>tool_call</c> message and each result a <c>tool</c> message, paired by call id.
/// </summary>
internal static class ToolTranscript
{
    /// <summary>
    /// The tool calls and results of a model response, in order, as history messages. A call without a result
    /// (the loop stopped at <c>max_turns</c>) is left out: history never holds a call that did not run.
    /// </summary>
    public static List<SessionMessage> ToHistory(ChatResponse response, DateTimeOffset now)
    {
        var results = new Dictionary<string, FunctionResultContent>(StringComparer.Ordinal);
        foreach (var message in response.Messages)
        {
            foreach (var result in message.Contents.OfType<FunctionResultContent>())
            {
                results[result.CallId] = result;
            }
        }

        var history = new List<SessionMessage>();
        foreach (var message in response.Messages)
        {
            foreach (var content in message.Contents)
            {
                if (content is FunctionCallContent call && results.ContainsKey(call.CallId))
                {
                    history.Add(new SessionMessage(SessionMessage.ToolCallRole, ArgumentsJson(call.Arguments), now) { ToolName = call.Name, ToolCallId = call.CallId });
                }
                else if (content is FunctionResultContent result)
                {
                    var name = FindCallName(response, result.CallId);
                    history.Add(new SessionMessage(SessionMessage.ToolResultRole, ResultText(result), now) { ToolName = name, ToolCallId = result.CallId });
                }
            }
        }

        return history;
    }

    /// <summary>The final answer: the text of the last assistant message (empty when the model ended on tool calls).</summary>
    public static string FinalText(ChatResponse response) =>
        response.Messages.LastOrDefault(m => m.Role == ChatRole.Assistant)?.Text ?? string.Empty;

    /// <summary>
    /// Appends stored history to a conversation for the model. Tool calls and results become function
    /// call/result contents; a call whose result fell out of the window (or the reverse) is dropped, because
    /// OpenAI-compatible APIs reject an unpaired one.
    /// </summary>
    public static void AppendHistory(List<ChatMessage> conversation, IReadOnlyList<SessionMessage> history)
    {
        HashSet<string> calls = new(StringComparer.Ordinal), results = new(StringComparer.Ordinal);
        foreach (var message in history)
        {
            if (message.ToolCallId is { } id)
            {
                (message.Role == SessionMessage.ToolCallRole ? calls : results).Add(id);
            }
        }

        ChatMessage? pendingCalls = null;
        foreach (var message in history)
        {
            switch (message.Role)
            {
                case SessionMessage.ToolCallRole when message.ToolCallId is { } id && results.Contains(id):
                    // Calls the model made together become one assistant message, their results follow it.
                    if (pendingCalls is null)
                    {
                        pendingCalls = new ChatMessage(ChatRole.Assistant, []);
                        conversation.Add(pendingCalls);
                    }

                    pendingCalls.Contents.Add(new FunctionCallContent(id, message.ToolName ?? string.Empty, ParseArguments(message.Content)));
                    break;
                case SessionMessage.ToolResultRole when message.ToolCallId is { } id && calls.Contains(id):
                    conversation.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(id, message.Content)]));
                    pendingCalls = null;
                    break;
                case SessionMessage.ToolCallRole or SessionMessage.ToolResultRole:
                    break;
                default:
                    conversation.Add(new ChatMessage(RoleOf(message.Role), message.Content));
                    pendingCalls = null;
                    break;
            }
        }
    }

    private static ChatRole RoleOf(string role) => role switch
    {
        SessionMessage.AssistantRole => ChatRole.Assistant,
        SessionMessage.SystemRole => ChatRole.System,
        _ => ChatRole.User,
    };

    private static string? FindCallName(ChatResponse response, string callId) =>
        response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().FirstOrDefault(c => c.CallId == callId)?.Name;

    private static string ArgumentsJson(IDictionary<string, object?>? arguments)
    {
        var json = new JsonObject();
        foreach (var (name, value) in arguments ?? new Dictionary<string, object?>())
        {
            json[name] = value switch
            {
                null => null,
                JsonElement element => JsonNode.Parse(element.GetRawText()),
                JsonNode node => node.DeepClone(),
                string text => text,
                _ => JsonValue.Create(value.ToString()),
            };
        }

        return json.ToJsonString(ToolJsonContext.Readable);
    }

    private static Dictionary<string, object?> ParseArguments(string json)
    {
        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        try
        {
            if (JsonNode.Parse(json) is JsonObject parsed)
            {
                foreach (var (name, value) in parsed)
                {
                    arguments[name] = value is null ? null : JsonSerializer.SerializeToElement(value, ToolJsonContext.Default.JsonNode);
                }
            }
        }
        catch (JsonException)
        {
            // A stored call is always an object; anything else is passed on without arguments.
        }

        return arguments;
    }

    private static string ResultText(FunctionResultContent result) => result.Result switch
    {
        null => result.Exception is null ? string.Empty : SkillFunction.FailurePrefix + "the tool failed",
        string text => text,
        JsonElement element => element.ValueKind == JsonValueKind.String ? element.GetString() ?? string.Empty : element.GetRawText(),
        var other => other.ToString() ?? string.Empty,
    };
}
