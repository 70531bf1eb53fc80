using System.ClientModel;
using AgentSpec.Core.RuntimeApi;
using AgentSpec.Core.Sessions;
using AgentSpec.Runtime.Agents;
using AgentSpec.Runtime.Errors;
using AgentSpec.Runtime.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AgentSpec.Runtime.Sessions;

/// <summary>
/// One chat turn (docs/sessions.md, "The chat turn"): the session must exist and belong to the agent → read the
/// newest window of its history → call the model → append the user message and the reply as one atomic
/// turn (trimmed to the agent's <c>memory { max_messages }</c>, marked with the idempotency key) → reply.
/// A turn whose append fails is an error response and leaves nothing behind.
/// </summary>
public sealed partial class ChatTurns
{
    /// <summary>Model round trips per reply: the runtime makes one call per turn (skills are not executed).</summary>
    private const int ModelCallsPerTurn = 1;

    private readonly ISessionStore _store;
    private readonly ModelCatalog _models;
    private readonly InFlightTurns _inFlight;
    private readonly TimeProvider _timeProvider;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<ChatTurns> _logger;

    public ChatTurns(ISessionStore store, ModelCatalog models, InFlightTurns inFlight, TimeProvider timeProvider, IHostApplicationLifetime lifetime, ILogger<ChatTurns> logger)
    {
        _store = store;
        _models = models;
        _inFlight = inFlight;
        _timeProvider = timeProvider;
        _lifetime = lifetime;
        _logger = logger;
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
        return new ChatReplyResponse(output, sessionId, ModelCallsPerTurn, (long)elapsed.TotalMilliseconds);
    }

    private async Task<string> RunTurnAsync(DeployedAgent agent, string sessionId, SessionMessage userMessage, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (idempotencyKey is not null && await FindRecordedReplyAsync(sessionId, idempotencyKey, cancellationToken) is { } recorded)
        {
            // A retry of a turn that is already stored: answer it without asking the model again.
            return recorded;
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

        var reply = await AskModelAsync(agent, model, history, userMessage.Content, cancellationToken);
        var assistantMessage = new SessionMessage(SessionMessage.AssistantRole, reply, _timeProvider.GetUtcNow());

        AppendTurnResult result;
        try
        {
            result = await _store.AppendTurnAsync(
                sessionId,
                [userMessage, assistantMessage],
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
        return result.Appended ? reply : result.Reply ?? string.Empty;
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

    private async Task<string> AskModelAsync(DeployedAgent agent, AgentModel model, IReadOnlyList<SessionMessage> history, string message, CancellationToken cancellationToken)
    {
        var conversation = new List<ChatMessage>(history.Count + 2);
        if (agent.SystemMessage is { } system)
        {
            conversation.Add(system);
        }

        foreach (var earlier in history)
        {
            conversation.Add(new ChatMessage(RoleOf(earlier.Role), earlier.Content));
        }

        conversation.Add(new ChatMessage(ChatRole.User, message));
        var options = agent.Definition.Temperature is { } temperature ? new ChatOptions { Temperature = (float)temperature } : null;
        try
        {
            var response = await model.Client.GetResponseAsync(conversation, options, cancellationToken);
            return response.Text;
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

    private static ChatRole RoleOf(string role) => role switch
    {
        SessionMessage.AssistantRole => ChatRole.Assistant,
        SessionMessage.SystemRole => ChatRole.System,
        _ => ChatRole.User,
    };

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
