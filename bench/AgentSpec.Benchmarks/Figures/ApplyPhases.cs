using System.Globalization;
using AgentSpec.Benchmarks.Infrastructure;
using AgentSpec.Core.Apply;
using AgentSpec.Core.IntentLang;
using AgentSpec.Core.Planning;
using AgentSpec.Core.State;
using AgentSpec.Core.State.FileBackend;

namespace AgentSpec.Benchmarks.Figures;

/// <summary>
/// One apply into an empty state, phase by phase, with the Core APIs (what <see cref="ApplyEngine"/> does
/// for a record-only target). Also the <c>apply-phases PACKAGE STATE</c> helper mode, which runs it once
/// in a fresh process and prints "phases parse=… lock=… …".
/// </summary>
internal static class ApplyPhases
{
    public static async Task<int> RunChildAsync(string packagePath, string statePath)
    {
        var phases = await RunAsync(packagePath, statePath, expectedResources: null, CancellationToken.None);
        Console.Out.WriteLine("phases " + string.Join(' ', phases.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Phase}={p.Milliseconds:R}"))));
        return 0;
    }

    public static IReadOnlyList<(string Phase, double Milliseconds)> Parse(string line) =>
        line.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('='))
            .Select(parts => (parts[0], double.Parse(parts[1], CultureInfo.InvariantCulture)))
            .ToList();

    public static async Task<List<(string Phase, double Milliseconds)>> RunAsync(string packagePath, string statePath, int? expectedResources, CancellationToken cancellationToken)
    {
        var timings = new List<(string, double)>();
        var mark = Clock.Now;
        var compiled = await IntentLangCompiler.CompileAsync(packagePath, cancellationToken);
        var package = compiled.Package ?? throw new InvalidOperationException($"The generated package does not compile: {string.Join("; ", compiled.Errors)}");
        if (expectedResources is { } expected && package.Resources.Count != expected)
        {
            throw new InvalidOperationException($"The generated package lowers to {package.Resources.Count} resources, not {expected}.");
        }

        Next("parse");
        var backend = new FileStateBackend(statePath);
        var stateLock = await backend.LockAsync(new StateLockOptions(), cancellationToken);
        Next("lock");
        try
        {
            var loaded = await stateLock.LoadAsync(cancellationToken);
            Next("load");
            var state = loaded.Document;
            var plan = Planner.Compute(package.Resources, state.Entries, package.Name);
            Next("plan");
            var adapter = new RecordOnlyAdapter();
            var now = TimeProvider.System.GetUtcNow();
            foreach (var action in plan.Changes)
            {
                await adapter.ApplyAsync(action, cancellationToken);
                state.Upsert(new StateEntry
                {
                    Fqn = action.Fqn,
                    Hash = action.Desired!.Hash,
                    Status = StateEntryStatus.Applied,
                    LastApplied = now,
                    Adapter = adapter.Name,
                });
            }

            Next("deploy");
            await stateLock.CommitAsync(state, cancellationToken);
            Next("commit");
        }
        finally
        {
            await stateLock.DisposeAsync();
        }

        Next("release");
        return timings;

        void Next(string phase)
        {
            var now = Clock.Now;
            timings.Add((phase, Clock.Milliseconds(mark, now)));
            mark = now;
        }
    }
}
