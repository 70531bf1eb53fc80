using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using AgentSpec.Cli.Output;
using AgentSpec.Core.CliContract;
using AgentSpec.Core.RuntimeApi;
using AgentSpec.Core.Sessions;

namespace AgentSpec.Cli.Commands;

/// <summary><c>agentspec sessions create|send|history|list|delete</c>: chat sessions on the runtime.</summary>
public static class SessionsCommand
{
    public static Command Create(CliContext context, GlobalOptions options)
    {
        var sessions = new Command("sessions", "Create, use, read and delete chat sessions on the runtime.");
        sessions.Subcommands.Add(CreateSession(context, options));
        sessions.Subcommands.Add(Send(context, options));
        sessions.Subcommands.Add(History(context, options));
        sessions.Subcommands.Add(List(context, options));
        sessions.Subcommands.Add(Delete(context, options));
        return sessions;
    }

    private static Argument<string> AgentArgument() => new("agent") { Description = "The deployed agent's name." };

    private static Argument<string> SessionArgument() => new("session") { Description = "The session id (sess_…)." };

    private static Command CreateSession(CliContext context, GlobalOptions options)
    {
        var agent = AgentArgument();
        var metadata = new Option<string[]>("--metadata") { Description = "Metadata as key=value (repeatable).", HelpName = "key=value", AllowMultipleArgumentsPerToken = false };
        var runtime = new RuntimeOptionsBinder();
        var command = new Command("create", "Start a session with an agent and print its id.") { agent, metadata };
        runtime.AddTo(command);
        command.SetGuardedAction(context, options, async (parseResult, settings, cancellationToken) =>
        {
            var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var item in parseResult.GetValue(metadata) ?? [])
            {
                var equals = item.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    throw new CliException($"'{item}' is not key=value.", "Write metadata as --metadata channel=web.") { Code = "invalid_arguments" };
                }

                pairs[item[..equals]] = item[(equals + 1)..];
            }

            using var client = RuntimeClients.Open(context, parseResult, runtime, settings);
            var created = await client.CreateSessionAsync(parseResult.GetValue(agent)!, pairs.Count == 0 ? null : pairs, cancellationToken);
            context.Out.WriteLine(settings.Json
                ? JsonSerializer.Serialize(created, CliRuntimeJsonContext.Relaxed.SessionCreatedResponse)
                : TerminalText.Sanitize(created.SessionId));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Send(CliContext context, GlobalOptions options)
    {
        var agent = AgentArgument();
        var session = SessionArgument();
        var message = new Argument<string>("message") { Description = "What to say." };
        var idempotencyKey = new Option<string?>("--idempotency-key") { Description = "Retrying with the same key returns the first reply and stores nothing twice.", HelpName = "key" };
        var runtime = new RuntimeOptionsBinder();
        var command = new Command("send", "Send one message in a session and print the reply.") { agent, session, message, idempotencyKey };
        runtime.AddTo(command);
        command.SetGuardedAction(context, options, async (parseResult, settings, cancellationToken) =>
        {
            using var client = RuntimeClients.Open(context, parseResult, runtime, settings);
            var reply = await client.SendMessageAsync(
                parseResult.GetValue(agent)!,
                parseResult.GetValue(session)!,
                parseResult.GetValue(message)!,
                parseResult.GetValue(idempotencyKey),
                cancellationToken);
            context.Out.WriteLine(settings.Json ? JsonSerializer.Serialize(reply, CliRuntimeJsonContext.Relaxed.ChatReplyResponse) : TerminalText.Sanitize(reply.Output, keepNewlines: true));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command History(CliContext context, GlobalOptions options)
    {
        var agent = AgentArgument();
        var session = SessionArgument();
        var limit = new Option<int?>("--limit") { Description = "How many of the newest messages (default: the runtime's page size).", HelpName = "n" };
        var before = new Option<string?>("--before") { Description = "A cursor from an earlier page, for older messages.", HelpName = "cursor" };
        var runtime = new RuntimeOptionsBinder();
        var command = new Command("history", "Print a session's newest messages, oldest first.") { agent, session, limit, before };
        runtime.AddTo(command);
        command.SetGuardedAction(context, options, async (parseResult, settings, cancellationToken) =>
        {
            if (parseResult.GetValue(limit) is < 1)
            {
                throw new CliException("--limit must be at least 1.", "Pass a positive number of messages.") { Code = "invalid_arguments" };
            }

            using var client = RuntimeClients.Open(context, parseResult, runtime, settings);
            var page = await client.GetMessagesAsync(parseResult.GetValue(agent)!, parseResult.GetValue(session)!, parseResult.GetValue(limit), parseResult.GetValue(before), cancellationToken);
            if (settings.Json)
            {
                context.Out.WriteLine(JsonSerializer.Serialize(page, CliRuntimeJsonContext.Relaxed.MessagePageResponse));
                return ExitCodes.Success;
            }

            foreach (var item in page.Messages)
            {
                var (label, text) = HistoryLine(item);
                context.Out.WriteLine($"{settings.Ansi.Dim(item.CreatedAt.ToString("u", CultureInfo.InvariantCulture))} {settings.Ansi.Bold(TerminalText.Sanitize(label) + ":")} {text}");
            }

            if (page.NextCursor is not null)
            {
                context.Out.WriteLine(settings.Ansi.Dim($"(older messages: --before {TerminalText.Sanitize(page.NextCursor)})"));
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Tool calls and results on one short line each (docs/sessions.md, "Tool messages"); other messages whole.</summary>
    private static (string Label, string Text) HistoryLine(SessionMessage message) => message.Role switch
    {
        SessionMessage.ToolCallRole => ("tool call", $"{TerminalText.Sanitize(message.ToolName ?? "?")} {OneLine(message.Content)}"),
        SessionMessage.ToolResultRole => ("tool result", $"{TerminalText.Sanitize(message.ToolName ?? "?")} → {OneLine(message.Content)}"),
        _ => (message.Role, TerminalText.Sanitize(message.Content, keepNewlines: true)),
    };

    private static string OneLine(string text)
    {
        const int MaxLength = 200;
        var line = TerminalText.Sanitize(text.ReplaceLineEndings(" "));
        return line.Length <= MaxLength ? line : string.Concat(line.AsSpan(0, MaxLength), "…");
    }

    private static Command List(CliContext context, GlobalOptions options)
    {
        var agent = AgentArgument();
        var runtime = new RuntimeOptionsBinder();
        var command = new Command("list", "List an agent's sessions.") { agent };
        runtime.AddTo(command);
        command.SetGuardedAction(context, options, async (parseResult, settings, cancellationToken) =>
        {
            using var client = RuntimeClients.Open(context, parseResult, runtime, settings);
            var list = await client.ListSessionsAsync(parseResult.GetValue(agent)!, cancellationToken: cancellationToken);
            if (settings.Json)
            {
                context.Out.WriteLine(JsonSerializer.Serialize(list, CliRuntimeJsonContext.Relaxed.SessionListResponse));
                return ExitCodes.Success;
            }

            foreach (var item in list.Sessions)
            {
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{TerminalText.Sanitize(item.SessionId)}  created {item.CreatedAt:u}  last active {item.LastActive:u}"));
            }

            if (list.Sessions.Count == 0)
            {
                context.Out.WriteLine("No sessions.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Delete(CliContext context, GlobalOptions options)
    {
        var agent = AgentArgument();
        var session = SessionArgument();
        var runtime = new RuntimeOptionsBinder();
        var command = new Command("delete", "Delete a session and its history.") { agent, session };
        runtime.AddTo(command);
        command.SetGuardedAction(context, options, async (parseResult, settings, cancellationToken) =>
        {
            using var client = RuntimeClients.Open(context, parseResult, runtime, settings);
            var id = parseResult.GetValue(session)!;
            if (!await client.DeleteSessionAsync(parseResult.GetValue(agent)!, id, cancellationToken))
            {
                throw new CliException($"Session {id} does not exist for agent {parseResult.GetValue(agent)}.", "List sessions with `agentspec sessions list AGENT`.") { Code = "not_found" };
            }

            if (!settings.Json)
            {
                context.Out.WriteLine($"Deleted session {id}.");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
