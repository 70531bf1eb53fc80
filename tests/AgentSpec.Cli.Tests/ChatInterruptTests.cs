using System.Diagnostics;
using System.Globalization;
using AgentSpec.Testing;

namespace AgentSpec.Cli.Tests;

/// <summary>A signal ends <c>chat</c> even while it waits for a line on stdin.</summary>
public sealed class ChatInterruptTests
{
    [Theory]
    [InlineData("-TERM", 143)]
    [InlineData("-INT", 130)]
    public async Task A_signal_while_chat_waits_for_input_ends_it_with_a_sentence(string signal, int exitCode)
    {
        using var dir = new TempDirectory();
        using var chat = Process.Start(AgentSpecProcess.StartInfo(dir.Path, null, "chat", "support-bot", "--session", "sess_x", "--runtime-url", "http://127.0.0.1:9"))!;
        var stdout = chat.StandardOutput.ReadToEndAsync();

        // Stdin stays open and empty: chat is blocked reading it once it has said hello.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var greeting = await chat.StandardError.ReadLineAsync(timeout.Token);
        Assert.StartsWith("Chatting with support-bot in session sess_x.", greeting, StringComparison.Ordinal);

        using (var kill = Process.Start("kill", [signal, chat.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(timeout.Token);
        }

        await chat.WaitForExitAsync(timeout.Token);
        var run = new CliRun(chat.ExitCode, await stdout, await chat.StandardError.ReadToEndAsync(timeout.Token));
        Assert.True(run.ExitCode == exitCode, run.ToString());
        Assert.Contains("Error: Interrupted.", run.Stderr, StringComparison.Ordinal);
    }
}
