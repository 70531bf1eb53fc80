using AgentSpec.Core.Sessions;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentSpec.Core.Tests.Sessions;

public sealed class MemorySessionStoreConformanceTests : SessionStoreConformance
{
    protected override Task<ISessionStore> CreateStoreAsync() =>
        Task.FromResult<ISessionStore>(new MemorySessionStore(new MemorySessionStoreOptions { Ttl = Ttl }, Clock, NullLogger<MemorySessionStore>.Instance));

    protected override Task LetTimePassAsync(TimeSpan elapsed)
    {
        Clock.Advance(elapsed);
        return Task.CompletedTask;
    }

    protected override Task<IReadOnlyList<TimeSpan>> RemainingTtlsAsync(string sessionId) =>
        Task.FromResult<IReadOnlyList<TimeSpan>>(((MemorySessionStore)Store).RemainingTtl(sessionId) is { } ttl ? [ttl] : []);
}
