using System.Text.Json;
using AgentSpec.Core.State;
using AgentSpec.Core.State.Errors;
using AgentSpec.Core.State.FileBackend;
using AgentSpec.Core.State.FileBackend.FileSystem;
using AgentSpec.Core.State.Format;
using AgentSpec.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace AgentSpec.Core.Tests.State;

/// <summary>
/// A kernel lock held without AgentSpec's holder information (as <c>flock(1)</c> does, or a holder between
/// its <c>flock</c> and writing its information) is reported as held by "an unidentified holder" — by
/// status and in every log line — and durations in messages read as "2m05s" with the number kept in a field.
/// </summary>
public sealed class UnidentifiedHolderTests
{
    [Fact]
    public async Task Status_says_the_lock_is_held_by_an_unidentified_holder()
    {
        using var directory = new TempDirectory();
        var backend = new FileStateBackend(directory.File("state.json"));
        Assert.Null((await backend.GetStatusAsync(CancellationToken.None)).Lock);

        using (new BareFlock(backend.Paths.Lock))
        {
            var status = (await backend.GetStatusAsync(CancellationToken.None)).Lock;
            Assert.NotNull(status);
            Assert.True(status!.Held);
            Assert.Null(status.Holder);
            Assert.Null(status.SinceRenewal);
            Assert.Equal("an unidentified holder", status.DescribeHolder(DateTimeOffset.UtcNow));

            // Information left over from an earlier lock file does not identify the current holder.
            WriteInfo(backend.Paths.LockInfo, DateTimeOffset.UtcNow, lockFileId: "0:0:0");
            status = (await backend.GetStatusAsync(CancellationToken.None)).Lock;
            Assert.True(status!.Held);
            Assert.Null(status.Holder);
        }

        // Released: only the leftover information remains, and it is not a holder.
        var left = (await backend.GetStatusAsync(CancellationToken.None)).Lock;
        Assert.False(left!.Held);
        Assert.Equal(999_999, left.Holder!.Pid);
    }

    [Fact]
    public async Task Waiting_timing_out_and_breaking_name_an_unidentified_holder_without_placeholders()
    {
        using var directory = new TempDirectory();
        var logger = new FakeLogger();
        var backend = new FileStateBackend(directory.File("state.json"), logger);
        using var bare = new BareFlock(backend.Paths.Lock);

        var timeout = await Assert.ThrowsAsync<StateLockTimeoutException>(() =>
            backend.LockAsync(new StateLockOptions { LockTimeout = TimeSpan.FromMilliseconds(200) }, CancellationToken.None));
        Assert.Null(timeout.Holder);

        await using (await backend.LockAsync(new StateLockOptions { LockTimeout = TimeSpan.FromMinutes(2), StaleLockTimeout = TimeSpan.FromMilliseconds(300) }, CancellationToken.None))
        {
        }

        var records = logger.Collector.GetSnapshot();
        foreach (var eventId in new[] { 3003, 3005, 3006 })
        {
            var record = records.First(r => r.Id.Id == eventId);
            Assert.Contains("an unidentified holder", record.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("(null)", record.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("PID ", record.Message, StringComparison.Ordinal);
        }

        var broken = records.Single(r => r.Id.Id == 3005);
        Assert.Equal("300ms", broken.GetStructuredStateValue("stale_age"));
        Assert.Equal("300", broken.GetStructuredStateValue("stale_age_ms"));
        Assert.Null(broken.GetStructuredStateValue("stale_pid"));
    }

    [Fact]
    public async Task The_stale_age_reads_as_a_duration_and_its_milliseconds_stay_a_number()
    {
        using var directory = new TempDirectory();
        var now = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
        var logger = new FakeLogger();
        var backend = new FileStateBackend(directory.File("state.json"), logger, new FakeTimeProvider(now));
        WriteInfo(backend.Paths.LockInfo, now - TimeSpan.FromSeconds(125), lockFileId: "0:0:0");

        await StateTestSupport.LoadAsync(backend);

        var recovered = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Id == 3004);
        Assert.Equal("2m05s", recovered.GetStructuredStateValue("stale_age"));
        Assert.Equal("125000", recovered.GetStructuredStateValue("stale_age_ms"));
        Assert.Contains("left it 2m05s ago", recovered.Message, StringComparison.Ordinal);
    }

    private static void WriteInfo(string path, DateTimeOffset renewed, string lockFileId) =>
        File.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(
            new StateLockHolderInfo
            {
                LockId = "deadbeefdeadbeefdeadbeefdeadbeef",
                Pid = 999_999,
                Hostname = "gone-host",
                User = "nobody",
                Operation = "apply",
                Created = renewed,
                Renewed = renewed,
                LockFileId = lockFileId,
            },
            StateJsonContext.Default.StateLockHolderInfo));

    /// <summary>A kernel lock on the lock file and nothing else, as <c>flock(1)</c> takes it.</summary>
    private sealed class BareFlock : IDisposable
    {
        private readonly IStateLockFile _file;

        public BareFlock(string lockPath)
        {
            _file = LinuxStateFileSystem.Instance.OpenLockFile(lockPath, create: true)!;
            Assert.True(_file.TryLock());
        }

        public void Dispose() => _file.Dispose();
    }
}
