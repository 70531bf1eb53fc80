using Spectre.Console;

namespace AgentSpec.Cli.Output;

/// <summary>A Spectre.Console renderer over the command's stdout, honouring the colour decision.</summary>
public static class SpectreConsole
{
    public static IAnsiConsole For(CliContext context, Ansi ansi)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ansi);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = ansi.Enabled ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = ansi.Enabled ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(context.Out),
        });
        console.Profile.Width = 160;
        return console;
    }
}
