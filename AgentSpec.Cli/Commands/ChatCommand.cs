using System.CommandLine;
using AgentSpec.Cli.Output;
using AgentSpec.Core.CliContract;

namespace AgentSpec.Cli.Commands;

/// <summary><c>agentspec chat AGENT</c>: an interactive session; one line in, one reply out, Ctrl-D to leave.</summary>
public static class ChatCommand
{
    public static Command Create(CliContext context, GlobalOptions options)
    {
        var agent = new Argument<string>("agent") { Description = "The deployed agent's name." };
        var session = new Option<string?>("--session") { Description = "Continue this session instead of starting a new one.", HelpName = "id" };
        var runtime = new RuntimeOptionsBinder();
        var command = new Command("chat", "Chat with a deployed agent (reads lines from stdin; Ctrl-D to leave).") { agent, session };
        runtime.AddTo(command);
        command.SetGuardedAction(context, options, async (parseResult, settings, cancellationToken) =>
        {
            var name = parseResult.GetValue(agent)!;
            using var client = RuntimeClients.Open(context, parseResult, runtime, settings);
            var sessionId = parseResult.GetValue(session) ?? (await client.CreateSessionAsync(name, null, cancellationToken)).SessionId;
            var shownSession = TerminalText.Sanitize(sessionId);
            context.Error.WriteLine($"Chatting with {TerminalText.Sanitize(name)} in session {shownSession}. Ctrl-D to leave.");
            while (!cancellationToken.IsCancellationRequested)
            {
                if (context.InputIsTerminal)
                {
                    context.Out.Write(settings.Ansi.Bold("> "));
                    context.Out.Flush();
                }

                // Console.In reads synchronously, even through ReadLineAsync, and ignores the token: read on the
                // thread pool so that Ctrl-C or SIGTERM ends the wait (the abandoned read ends with the process).
                var line = await Task.Run(() => context.In.ReadLine(), CancellationToken.None).WaitAsync(cancellationToken);
                if (line is null)
                {
                    break;
                }

                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                var reply = await client.SendMessageAsync(name, sessionId, line, idempotencyKey: null, cancellationToken);
                context.Out.WriteLine(TerminalText.Sanitize(reply.Output, keepNewlines: true));
            }

            context.Error.WriteLine($"Session {shownSession} kept; continue it with --session {shownSession}.");
            return ExitCodes.Success;
        });
        return command;
    }
}
