using System.ClientModel;
using AgentSpec.Core.RuntimeApi;
using AgentSpec.Core.Sessions;
using AgentSpec.Runtime.Agents;
using AgentSpec.Runtime.Errors;
using AgentSpec.Runtime.Models;
using AgentSpec.Runtime.Tools;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Runtime.Sessions;

/// <summary>
/// One chat turn (docs/sessions.md, "The chat turn"): the session must exist and belong to the agent → read the
/// newest window of its history → call the model, running the skills it calls as tools (docs/tools.md) → append
/// the user message, the tool calls and results and the reply as one atomic turn (trimmed to the agent's <c>memory { max_messages }</c>, marked with the idempotency key) → reply.
/// A turn whose append fails is an error response and leaves nothing behind.
/// </summary>
public sealed partial class ChatTurns
{
    /// <summary>The model-call bound of an agent that declares no <c>max_turns</c> (docs/tools.md).</summary>
    public const int DefaultMaxTurns = 10;

    /// <summary>What a retry answered from the store reports as <c>turns</c>: it called no model.</summary>
    private const int ReplayedTurns = 1;

    private readonly ISessionStore _store;
    private readonly ModelCatalog _models;
    private readonly SkillToolbox _toolbox;
    private readonly ILoggerFactory _loggerFactory;
    private readonly InFlightTurns _inFlight;
    private readonly TimeProvider _timeProvider;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<ChatTurns> _logger;

    public ChatTurns(ISessionStore store, ModelCatalog models, SkillToolbox toolbox, InFlightTurns inFlight, TimeProvider timeProvider, IHostApplicationLifetime lifetime, ILoggerFactory loggerFactory)
    {
        _store = store;
        _models = models;
        _toolbox = toolbox;
        _loggerFactory = loggerFactory;
        _inFlight = inFlight;
        _timeProvider = timeProvider;
        _lifetime = lifetime;
        _logger = loggerFactory.CreateLogger<ChatTurns>();
    }

    /// <summary>The session, when it exists and belongs to <paramref name="agent"/>; otherwise 404.</summary>
    public async Task<SessionInfo> RequireSessionAsync(string agent, string sessionId, CancellationToken cancellationToken)
    {
        var session = await _store.GetAsync(sessionId, cancellationToken);
        return session is not null && string.Equals(session.Agent, agent, StringComparison.Ordinal)
            ? session
            : throw SessionNotFound(agent, sessionId);
    }

    /// <summary>
    /// Runs one turn of <paramref name="message"/> in the session. <paramref name="sessionChecked"/> says the
    /// caller already knows that the session exists and belongs to the agent (it just created it).
    /// </summary>
    public async Task<ChatReplyResponse> SendAsync(
        DeployedAgent agent,
        string sessionId,
        string message,
        string? idempotencyKey,
        bool sessionChecked,
        long startedTimestamp,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        if (!sessionChecked)
        {
            await RequireSessionAsync(agent.Name, sessionId, cancellationToken);
        }

        var userMessage = new SessionMessage(SessionMessage.UserRole, message, _timeProvider.GetUtcNow());
        var output = idempotencyKey is null
            ? await RunTurnAsync(agent, sessionId, userMessage, null, cancellationToken)
            // Joined requests must not fail because the first caller went away: the shared turn runs
            // until the host stops.
            : await _inFlight.RunOnceAsync(sessionId, idempotencyKey, () => RunTurnAsync(agent, sessionId, userMessage, idempotencyKey, _lifetime.ApplicationStopping));

        var elapsed = _timeProvider.GetElapsedTime(startedTimestamp);
        return new ChatReplyResponse(output.Reply, sessionId, output.ModelCalls, (long)elapsed.TotalMilliseconds);
    }

    private async Task<TurnOutcome> RunTurnAsync(DeployedAgent agent, string sessionId, SessionMessage userMessage, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (idempotencyKey is not null && await FindRecordedReplyAsync(sessionId, idempotencyKey, cancellationToken) is { } recorded)
        {
            // A retry of a turn that is already stored: answer it without asking the model or running a tool again.
            return new TurnOutcome(recorded, ReplayedTurns);
        }

        var model = _models.For(agent) ?? throw new ApiException(
            StatusCodes.Status502BadGateway,
            ErrorCodes.ModelUnavailable,
            $"Agent '{agent.Name}' names no model and AgentSpec:Models:Model is not set, so the model endpoint cannot be asked.");

        IReadOnlyList<SessionMessage> history = [];
        if (model.ReadsHistory)
        {
            history = await ReadHistoryAsync(agent, sessionId, cancellationToken);
        }

        var (reply, toolMessages, modelCalls) = await AskModelAsync(agent, model, history, userMessage.Content, cancellationToken);
        var assistantMessage = new SessionMessage(SessionMessage.AssistantRole, reply, _timeProvider.GetUtcNow());

        // The user message, every tool call and result, and the reply: one atomic write (docs/sessions.md).
        var turn = new List<SessionMessage>(toolMessages.Count + 2) { userMessage };
        turn.AddRange(toolMessages);
        turn.Add(assistantMessage);
        AppendTurnResult result;
        try
        {
            result = await _store.AppendTurnAsync(
                sessionId,
                turn,
                new AppendTurnOptions(idempotencyKey, reply, agent.MaxMessages),
                cancellationToken);
        }
        catch (SessionNotFoundException)
        {
            throw SessionNotFound(agent.Name, sessionId);
        }
        catch (SessionStoreUnavailableException exception) when (exception.OutcomeUnknown)
        {
            throw OutcomeUnknown(sessionId, idempotencyKey, exception);
        }

        // Another request with the same key won the race to append: its reply is the answer.
        return result.Appended ? new TurnOutcome(reply, modelCalls) : new TurnOutcome(result.Reply ?? string.Empty, ReplayedTurns);
    }

    private async Task<string?> FindRecordedReplyAsync(string sessionId, string idempotencyKey, CancellationToken cancellationToken)
    {
        var recorded = await _store.FindTurnAsync(sessionId, idempotencyKey, cancellationToken);
        return recorded is null ? null : recorded.Reply ?? string.Empty;
    }

    private async Task<IReadOnlyList<SessionMessage>> ReadHistoryAsync(DeployedAgent agent, string sessionId, CancellationToken cancellationToken)
    {
        try
        {
            return (await _store.ReadWindowAsync(sessionId, agent.HistoryWindow, null, cancellationToken)).Messages;
        }
        catch (SessionNotFoundException)
        {
            throw SessionNotFound(agent.Name, sessionId);
        }
    }

    private async Task<(string Reply, List<SessionMessage> ToolMessages, int ModelCalls)> AskModelAsync(
        DeployedAgent agent, AgentModel model, IReadOnlyList<SessionMessage> history, string message, CancellationToken cancellationToken)
    {
        var conversation = new List<ChatMessage>(history.Count + 2);
        if (agent.SystemMessage is { } system)
        {
            conversation.Add(system);
        }

        ToolTranscript.AppendHistory(conversation, history);
        conversation.Add(new ChatMessage(ChatRole.User, message));

        var tools = _toolbox.FunctionsOf(agent);
        // max_turns bounds the model calls of the turn. The loop makes one call per round of tool calls and,
        // when the rounds run out, one last call without tools so that the model has to answer: N - 1 rounds.
        var maxTurns = agent.Definition.MaxTurns ?? DefaultMaxTurns;
        var useTools = tools.Count > 0 && maxTurns > 1;
        var options = new ChatOptions
        {
            Temperature = agent.Definition.Temperature is { } temperature ? (float)temperature : null,
            Tools = useTools ? tools : null,
        };
        var counter = new ModelCallCounter(model.Client);
        IChatClient client = !useTools
            ? counter
            : new FunctionInvokingChatClient(counter, _loggerFactory)
            {
                MaximumIterationsPerRequest = maxTurns - 1,
                AllowConcurrentInvocation = false,
            };
        try
        {
            var response = await client.GetResponseAsync(conversation, options, cancellationToken);
            var reply = ToolTranscript.FinalText(response);
            if (reply.Length == 0 && response.Messages.Count > 0 && response.Messages[^1].Contents.OfType<FunctionCallContent>().Any())
            {
                reply = $"[stopped after {counter.Calls} model calls (max_turns): the model was still calling tools]";
            }

            return (reply, ToolTranscript.ToHistory(response, _timeProvider.GetUtcNow()), counter.Calls);
        }
        catch (Exception exception) when (IsModelFailure(exception, cancellationToken))
        {
            Log.ModelFailed(_logger, agent.Name, model.Name, exception);
            throw new ApiException(
                StatusCodes.Status502BadGateway,
                ErrorCodes.ModelUnavailable,
                $"The model '{model.Name}' of agent '{agent.Name}' failed: {Describe(exception)}",
                exception);
        }
    }

    private static bool IsModelFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        HttpRequestException or ClientResultException or TimeoutException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        AggregateException aggregate => aggregate.InnerExceptions.All(inner => IsModelFailure(inner, cancellationToken)),
        _ => false,
    };

    /// <summary>The client's retry policy aggregates one exception per attempt; the first says what went wrong.</summary>
    private static string Describe(Exception exception) =>
        exception is AggregateException { InnerExceptions: [var first, ..] } aggregate
            ? $"{first.Message} (after {aggregate.InnerExceptions.Count} attempts)"
            : exception.Message;

    /// <summary>The turn reached the store and no answer came back: saying "nothing was written" could be false.</summary>
    private static ApiException OutcomeUnknown(string sessionId, string? idempotencyKey, SessionStoreUnavailableException exception) =>
        new(
            StatusCodes.Status503ServiceUnavailable,
            ErrorCodes.OutcomeUnknown,
            idempotencyKey is null
                ? $"The session store stopped answering after the turn was sent to it, so it is not known whether session '{sessionId}' stored it; read the history before sending it again."
                : $"The session store stopped answering after the turn was sent to it, so it is not known whether session '{sessionId}' stored it. Retry with Idempotency-Key '{idempotencyKey}': a stored turn is answered from the store, never stored twice.",
            exception);

    private static ApiException SessionNotFound(string agent, string sessionId) =>
        ApiException.NotFound($"Agent '{agent}' has no session '{sessionId}' (it never existed, expired, was deleted or belongs to another agent).");

    private static partial class Log
    {
        [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "Model {Model} of agent {Agent} failed")]
        public static partial void ModelFailed(ILogger logger, string agent, string model, Exception exception);
    }
}
