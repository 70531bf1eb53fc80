using AgentSpec.Cli.Output;
using AgentSpec.Core.State;

namespace AgentSpec.Cli.Tests.Output;

public sealed class LockWaitReporterTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_lock_wait_line_shows_control_characters_in_holder_fields_as_escapes(bool terminal)
    {
        using var stderr = new StringWriter();
        var context = new CliContext { Out = TextWriter.Null, Error = stderr, In = TextReader.Null, ErrorIsTerminal = terminal };
        var now = DateTimeOffset.UnixEpoch;
        var holder = new StateLockHolderInfo
        {
            LockId = "id\u0007",
            Pid = 7,
            Hostname = "host\u001b]52;c;ZXZpbA==\u0007",
            User = "u",
            Operation = "apply\u001b[2J",
            Created = now,
            Renewed = now,
        };

        var reporter = new LockWaitReporter(context);
        reporter.Report(new StateLockWaiting("/tmp/state.json", holder, TimeSpan.FromSeconds(3), now));
        reporter.Finish();

        var written = stderr.ToString();
        Assert.Contains("PID 7 on host\\u001b]52;c;ZXZpbA==\\u0007 (apply\\u001b[2J", written, StringComparison.Ordinal);
        // The reporter's own redraw sequence is the only escape, and only on a terminal.
        Assert.Equal(terminal ? 1 : 0, written.Count(c => c == '\u001b'));
        Assert.DoesNotContain('\u0007', written);
    }
}
