using System.ClientModel;
using System.Collections.Concurrent;
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
/// One chat turn (docs/sessions.md, "The chat turn"): one read of the store (the session must exist and belong
/// to the agent; a turn recorded with the idempotency key; the newest window of the history) → call the model,
/// running the skills it calls as tools (docs/tools.md) → append the user message, the tool calls and results and
/// the reply as one atomic turn (trimmed to the agent's <c>memory { max_messages }</c>, marked with the idempotency key) → reply.
/// A turn whose append fails is an error response and leaves nothing behind.
/// </summary>
public sealed partial class ChatTurns
{
    /// <summary>The model-call bound of an agent that declares no <c>max_turns</c> (docs/tools.md).</summary>
    public const int DefaultMaxTurns = 10;

    /// <summary>What a retry reports as <c>turns</c> when the stored turn recorded no count (a marker written before counts were kept).</summary>
    private const int UnrecordedModelCalls = 1;

    private readonly ISessionStore _store;
    private readonly IAgentRegistry _registry;
    private readonly ModelCatalog _models;
    private readonly SkillToolbox _toolbox;
    private readonly ILoggerFactory _loggerFactory;
    private readonly InFlightTurns _inFlight;
    private readonly TimeProvider _timeProvider;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<ChatTurns> _logger;

    /// <summary>Per agent name, the history window its last turn on this replica read: the size of the next turn's read, sent before the agent is known.</summary>
    private readonly ConcurrentDictionary<string, int> _windows = new(StringComparer.Ordinal);

    public ChatTurns(ISessionStore store, IAgentRegistry registry, ModelCatalog models, SkillToolbox toolbox, InFlightTurns inFlight, TimeProvider timeProvider, IHostApplicationLifetime lifetime, ILoggerFactory loggerFactory)
    {
        _store = store;
        _registry = registry;
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
    /// Runs one turn of <paramref name="message"/> for an agent the caller already looked up.
    /// <paramref name="sessionChecked"/> says the caller just created the session for this turn: it belongs to
    /// the agent and holds no history and no recorded turn, so the turn skips its read and makes one store
    /// round trip (the append).
    /// </summary>
    public Task<ChatReplyResponse> SendAsync(
        DeployedAgent agent,
        string sessionId,
        string message,
        string? idempotencyKey,
        bool sessionChecked,
        long startedTimestamp,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        return SendCoreAsync(agent.Name, agent, sessionId, message, idempotencyKey, sessionChecked, startedTimestamp, cancellationToken);
    }

    /// <summary>
    /// Runs one turn of <paramref name="message"/> for the agent named in the route (400 for a malformed name,
    /// 404 when none is deployed). The agent's lookup is sent to the registry together with the turn's read, so
    /// with Redis the turn waits on it twice: once for both reads, once for the append (docs/sessions.md, "The chat turn").
    /// </summary>
    public Task<ChatReplyResponse> SendAsync(
        string agentName,
        string sessionId,
        string message,
        string? idempotencyKey,
        long startedTimestamp,
        CancellationToken cancellationToken)
    {
        AgentLookup.ValidateName(agentName);
        return SendCoreAsync(agentName, null, sessionId, message, idempotencyKey, sessionChecked: false, startedTimestamp, cancellationToken);
    }

    private async Task<ChatReplyResponse> SendCoreAsync(
        string agentName,
        DeployedAgent? knownAgent,
        string sessionId,
        string message,
        string? idempotencyKey,
        bool sessionChecked,
        long startedTimestamp,
        CancellationToken cancellationToken)
    {
        var userMessage = new SessionMessage(SessionMessage.UserRole, message, _timeProvider.GetUtcNow());
        var output = idempotencyKey is null
            ? await RunTurnAsync(agentName, knownAgent, sessionId, userMessage, null, sessionChecked, cancellationToken)
            // Joined requests must not fail because the first caller went away: the shared turn runs
            // until the host stops.
            : await _inFlight.RunOnceAsync(agentName, sessionId, idempotencyKey, () => RunTurnAsync(agentName, knownAgent, sessionId, userMessage, idempotencyKey, sessionChecked, _lifetime.ApplicationStopping));

        var elapsed = _timeProvider.GetElapsedTime(startedTimestamp);
        return new ChatReplyResponse(output.Reply, sessionId, output.ModelCalls, (long)elapsed.TotalMilliseconds);
    }

    private async Task<TurnOutcome> RunTurnAsync(string agentName, DeployedAgent? knownAgent, string sessionId, SessionMessage userMessage, string? idempotencyKey, bool sessionChecked, CancellationToken cancellationToken)
    {
        var (agent, model, start) = await ReadTurnAsync(agentName, knownAgent, sessionId, idempotencyKey, sessionChecked, cancellationToken);
        if (start.Recorded is { } recorded)
        {
            // A retry of a turn that is already stored: answer it without asking the model or running a tool again.
            return new TurnOutcome(recorded.Reply ?? string.Empty, recorded.ModelCalls ?? UnrecordedModelCalls);
        }

        if (model is null)
        {
            throw new ApiException(
                StatusCodes.Status502BadGateway,
                ErrorCodes.ModelUnavailable,
                $"Agent '{agent.Name}' names no model and AgentSpec:Models:Model is not set, so the model endpoint cannot be asked.");
        }

        var history = start.History;
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
                new AppendTurnOptions(idempotencyKey, reply, agent.MaxMessages, modelCalls),
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
        return result.Appended ? new TurnOutcome(reply, modelCalls) : new TurnOutcome(result.Reply ?? string.Empty, result.ModelCalls ?? UnrecordedModelCalls);
    }

    /// <summary>
    /// Everything the turn reads before the model, in one store round trip (docs/sessions.md, "The chat turn"): the
    /// session and its owner, a turn recorded with the idempotency key, and the history window. An agent not yet
    /// looked up is asked for at the same moment, so both answers arrive together; the read then uses the window
    /// this agent needed last time, and only a changed <c>memory</c> (a redeploy) costs one more read.
    /// </summary>
    private async Task<(DeployedAgent Agent, AgentModel? Model, TurnStart Start)> ReadTurnAsync(
        string agentName, DeployedAgent? knownAgent, string sessionId, string? idempotencyKey, bool sessionChecked, CancellationToken cancellationToken)
    {
        if (knownAgent is not null)
        {
            var knownModel = _models.For(knownAgent);
            var start = sessionChecked
                ? new TurnStart(null, [])
                : await BeginTurnAsync(agentName, sessionId, idempotencyKey, WindowOf(knownAgent, knownModel), cancellationToken);
            return (knownAgent, knownModel, start);
        }

        var expectedWindow = _windows.TryGetValue(agentName, out var remembered) ? remembered : 0;
        var lookup = _registry.GetAsync(agentName, cancellationToken).AsTask();
        var begin = BeginTurnAsync(agentName, sessionId, idempotencyKey, expectedWindow, cancellationToken);
        DeployedAgent? agent;
        try
        {
            agent = await lookup;
        }
        catch
        {
            Forget(begin);
            throw;
        }

        if (agent is null)
        {
            // An unknown agent is the answer even when the session is unknown too.
            Forget(begin);
            throw AgentLookup.NotDeployed(agentName);
        }

        var model = _models.For(agent);
        var window = WindowOf(agent, model);
        _windows[agentName] = window;
        var turnStart = await begin;
        if (turnStart.Recorded is null && window != expectedWindow)
        {
            turnStart = window < expectedWindow
                ? turnStart with { History = [.. turnStart.History.TakeLast(window)] }
                : turnStart.History.Count < expectedWindow
                    ? turnStart
                    : turnStart with { History = await ReadHistoryAsync(agent.Name, sessionId, window, cancellationToken) };
        }

        return (agent, model, turnStart);
    }

    /// <summary>How many earlier messages the model is given: none for a model that answers from the new message alone.</summary>
    private static int WindowOf(DeployedAgent agent, AgentModel? model) => model is { ReadsHistory: true } ? agent.HistoryWindow : 0;

    private async Task<TurnStart> BeginTurnAsync(string agentName, string sessionId, string? idempotencyKey, int window, CancellationToken cancellationToken)
    {
        try
        {
            return await _store.BeginTurnAsync(sessionId, agentName, idempotencyKey, window, cancellationToken);
        }
        catch (SessionNotFoundException)
        {
            throw SessionNotFound(agentName, sessionId);
        }
    }

    private async Task<IReadOnlyList<SessionMessage>> ReadHistoryAsync(string agentName, string sessionId, int window, CancellationToken cancellationToken)
    {
        try
        {
            return (await _store.ReadWindowAsync(sessionId, window, null, cancellationToken)).Messages;
        }
        catch (SessionNotFoundException)
        {
            throw SessionNotFound(agentName, sessionId);
        }
    }

    /// <summary>The read sent together with a lookup that failed: its outcome no longer matters, but it must be observed.</summary>
    private static void Forget(Task task) =>
        _ = task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

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
