using Microsoft.Extensions.AI;

namespace AgentSpec.Runtime.Models;

/// <summary>
/// Counts the model calls of one turn (below the function-invocation loop, which calls the model once per
/// round of tool calls): the <c>turns</c> of the reply. Never disposed: disposing would dispose the
/// shared client of the ModelCatalog it wraps.
/// </summary>
internal sealed class ModelCallCounter(IChatClient model) : DelegatingChatClient(model)
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return base.GetResponseAsync(messages, options, cancellationToken);
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        return base.GetStreamingResponseAsync(messages, options, cancellationToken);
    }
}
