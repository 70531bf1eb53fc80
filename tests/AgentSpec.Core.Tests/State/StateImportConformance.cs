using AgentSpec.Core.State;
using AgentSpec.Core.State.Errors;

namespace AgentSpec.Core.Tests.State;

/// <summary>
/// What <see cref="IStateLock.ImportAsync"/> must do on every backend that supports <c>state migrate</c>
/// (docs/state.md, "Migrating between backends"): derive a class and say how to create an empty backend.
/// </summary>
public abstract class StateImportConformance
{
    /// <summary>A backend on a fresh, empty location.</summary>
    protected abstract IStateBackend CreateBackend();

    private static StateLockOptions Options => new() { Operation = "import", LockTimeout = TimeSpan.FromSeconds(60) };

    /// <summary>A committed state of some lineage and serial, as another backend would hold it.</summary>
    private static StateDocument Source(string lineage, long serial, params string[] fqns)
    {
        var document = new StateDocument { Serial = serial, Lineage = lineage };
        foreach (var fqn in fqns)
        {
            document.Upsert(StateTestSupport.Entry(fqn, "sha256:" + fqn.Length));
        }

        return document;
    }

    private static async Task<StateCommitResult> ImportAsync(IStateBackend backend, StateDocument document)
    {
        await using var held = await backend.LockAsync(Options, CancellationToken.None);
        await held.LoadAsync(CancellationToken.None);
        return await held.ImportAsync(document, CancellationToken.None);
    }

    [Fact]
    public async Task An_import_into_an_empty_backend_keeps_the_lineage_serial_and_entries()
    {
        var backend = CreateBackend();
        var lineage = Guid.NewGuid().ToString();

        var result = await ImportAsync(backend, Source(lineage, 7, "p/Agent/b", "p/Agent/a"));

        Assert.True(result.Written);
        var stored = await backend.ReadAsync(CancellationToken.None);
        Assert.Equal(7, stored.Serial);
        Assert.Equal(lineage, stored.Lineage);
        Assert.Equal(["p/Agent/a", "p/Agent/b"], stored.Entries.Select(e => e.Fqn));
        Assert.True((await backend.VerifyAsync(CancellationToken.None)).IsHealthy);
    }

    [Fact]
    public async Task The_next_commit_after_an_import_continues_from_its_serial()
    {
        var backend = CreateBackend();
        await ImportAsync(backend, Source(Guid.NewGuid().ToString(), 7, "p/Agent/a"));

        var next = await StateTestSupport.CommitAsyncWith(backend, Options, doc => doc.Upsert(StateTestSupport.Entry("p/Agent/c")));

        Assert.Equal(8, next.Serial);
    }

    [Fact]
    public async Task The_same_state_again_writes_nothing_and_an_older_generation_is_brought_up_to_date()
    {
        var backend = CreateBackend();
        var lineage = Guid.NewGuid().ToString();
        await ImportAsync(backend, Source(lineage, 3, "p/Agent/a"));

        var again = await ImportAsync(backend, Source(lineage, 3, "p/Agent/a"));
        var newer = await ImportAsync(backend, Source(lineage, 5, "p/Agent/a", "p/Agent/b"));

        Assert.False(again.Written);
        Assert.True(newer.Written);
        Assert.Equal(5, (await backend.ReadAsync(CancellationToken.None)).Serial);
    }

    [Fact]
    public async Task Another_lineage_a_higher_serial_or_diverged_content_is_refused_and_nothing_is_written()
    {
        var backend = CreateBackend();
        var lineage = Guid.NewGuid().ToString();
        await ImportAsync(backend, Source(lineage, 4, "p/Agent/a"));

        var other = await Assert.ThrowsAsync<StateImportRejectedException>(() => ImportAsync(backend, Source(Guid.NewGuid().ToString(), 9, "p/Agent/x")));
        var older = await Assert.ThrowsAsync<StateImportRejectedException>(() => ImportAsync(backend, Source(lineage, 2, "p/Agent/a")));
        var diverged = await Assert.ThrowsAsync<StateImportRejectedException>(() => ImportAsync(backend, Source(lineage, 4, "p/Agent/z")));

        Assert.Contains("holds another state", other.Message, StringComparison.Ordinal);
        Assert.Contains("newer generation", older.Message, StringComparison.Ordinal);
        Assert.Contains("diverged", diverged.Message, StringComparison.Ordinal);
        var stored = await backend.ReadAsync(CancellationToken.None);
        Assert.Equal(4, stored.Serial);
        Assert.Equal(["p/Agent/a"], stored.Entries.Select(e => e.Fqn));
    }
}
