using System.Globalization;
using AgentSpec.Core.State;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Testing;
using Xunit.Abstractions;

namespace AgentSpec.Core.Tests.State;

/// <summary>
/// Acceptance 2 (SC-001): at least 1,000 SIGKILLs of real processes committing state in a loop, at random
/// moments. After each kill the state loads and verifies, its serial is the last acknowledged one or the
/// one after, and no temp file survives the next commit. Several state files run in parallel to keep the
/// wall time to a few minutes.
/// </summary>
[Collection(RealProcessTests.Name)]
public sealed class RealKillTests
{
    private const int Lanes = 4;
    private const int FillerEntries = 300;

    private readonly ITestOutputHelper _output;

    public RealKillTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task A_thousand_sigkills_at_random_moments_never_damage_or_lose_acknowledged_state()
    {
        var totalKills = int.TryParse(Environment.GetEnvironmentVariable("AGENTSPEC_STATE_KILLS"), CultureInfo.InvariantCulture, out var configured)
            ? configured
            : 1000;
        var perLane = (totalKills + Lanes - 1) / Lanes;
        var results = await Task.WhenAll(Enumerable.Range(0, Lanes).Select(lane => Task.Run(() => RunLaneAsync(lane, perLane))));
        var kills = results.Sum(r => r.Kills);
        var midCommit = results.Sum(r => r.KilledAfterUnacknowledgedCommit);
        var acknowledged = results.Sum(r => r.Acknowledged);
        _output.WriteLine($"{kills} SIGKILLs over {Lanes} state files; {acknowledged} acknowledged commits; {midCommit} kills landed after a commit but before its acknowledgement");
        Assert.True(kills >= totalKills);
    }

    private static async Task<LaneResult> RunLaneAsync(int lane, int kills)
    {
        using var directory = new TempDirectory($"agentspec-kill-{lane}-");
        var statePath = directory.File(".agentspec.state.json");
        var backend = new FileStateBackend(statePath);
        var random = new Random(1000 + lane);
        long lastKnown = 0;
        var unacknowledged = 0;
        var acknowledgedTotal = 0;
        for (var kill = 0; kill < kills; kill++)
        {
            long? lastAck = null;
            await using (var process = TortureProcess.Start("commit-loop", statePath, FillerEntries.ToString(CultureInfo.InvariantCulture)))
            {
                if (random.Next(4) == 0)
                {
                    // Anywhere from start-up to the first commits.
                    await Task.Delay(random.Next(0, 300));
                }
                else
                {
                    await process.WaitForLineAsync(line => line.StartsWith("ACK ", StringComparison.Ordinal));
                    var spin = random.Next(0, 40);
                    if (spin > 0)
                    {
                        await Task.Delay(spin);
                    }
                }

                foreach (var line in await process.KillAsync())
                {
                    if (line.StartsWith("ACK ", StringComparison.Ordinal))
                    {
                        lastAck = long.Parse(line.AsSpan(4), CultureInfo.InvariantCulture);
                        acknowledgedTotal++;
                    }
                }
            }

            var expected = lastAck ?? lastKnown;
            var verification = await backend.VerifyAsync(CancellationToken.None);
            Assert.True(verification.IsHealthy, $"lane {lane}, kill {kill}: state {verification.State.Problem}; backup {verification.Backup.Problem}");
            var document = await StateTestSupport.LoadAsync(backend);
            Assert.True(
                document.Serial == expected || document.Serial == expected + 1,
                $"lane {lane}, kill {kill}: serial {document.Serial}, last acknowledged {expected}");
            if (document.Serial == expected + 1)
            {
                unacknowledged++;
            }

            if (document.Serial > 0)
            {
                Assert.Equal($"value-{document.Serial}", document.Find(TortureCounter)!.Hash);
            }

            // The next holder's commit leaves no temp file behind.
            var next = await StateTestSupport.CommitAsync(backend, doc => doc.Upsert(new StateEntry
            {
                Fqn = TortureCounter,
                Hash = $"value-{doc.Serial + 1}",
                Adapter = "record-only",
            }));
            Assert.Empty(StateTestSupport.TempFiles(directory.Path));
            lastKnown = next.Serial;
        }

        return new LaneResult(kills, unacknowledged, acknowledgedTotal);
    }

    private const string TortureCounter = "torture/Counter/n";

    private sealed record LaneResult(int Kills, int KilledAfterUnacknowledgedCommit, int Acknowledged);
}
