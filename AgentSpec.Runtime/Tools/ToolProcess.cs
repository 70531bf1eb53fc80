using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace AgentSpec.Runtime.Tools;

/// <summary>
/// Runs a tool's process without a shell: input on stdin, stdout capped, killed with its whole process tree
/// on timeout, oversized output or cancellation of the turn (docs/tools.md).
/// </summary>
internal static class ToolProcess
{
    private const int StderrExcerptBytes = 2048;

    /// <summary>Environment variables a tool gets from the runtime; everything else (connection strings, keys) stays out.</summary>
    private static readonly string[] InheritedVariables = ["PATH", "HOME", "LANG", "TMPDIR", "SYSTEMROOT"];

    /// <summary>A start info with an empty environment apart from <see cref="InheritedVariables"/>.</summary>
    public static ProcessStartInfo StartInfo(string fileName)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            CreateNoWindow = true,
        };
        startInfo.Environment.Clear();
        foreach (var name in InheritedVariables)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                startInfo.Environment[name] = value;
            }
        }

        return startInfo;
    }

    public static async Task<string> RunAsync(ProcessStartInfo startInfo, string input, TimeSpan timeout, int maxOutputBytes, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(startInfo.FileName);
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception exception)
        {
            throw new ToolFailedException($"'{name}' could not be started: {exception.Message}", exception);
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var overflowSource = new CancellationTokenSource();
        using var stopSource = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token, overflowSource.Token);
        await using var kill = stopSource.Token.Register(() => KillTree(process));
        timeoutSource.CancelAfter(timeout);

        var stdout = ReadStdoutAsync(process, maxOutputBytes, overflowSource);
        var stderr = BoundedOutput.ReadAsync(process.StandardError.BaseStream, StderrExcerptBytes, CancellationToken.None);
        await WriteInputAsync(process, input);

        var (output, overflowed) = await stdout;
        var (errorOutput, _) = await stderr;
        await process.WaitForExitAsync(CancellationToken.None);

        cancellationToken.ThrowIfCancellationRequested();
        if (overflowed)
        {
            throw new ToolFailedException($"'{name}' wrote more than the runtime's cap of {maxOutputBytes} bytes ({ToolOptions.SectionName}:MaxOutputBytes) and was stopped");
        }

        if (timeoutSource.IsCancellationRequested)
        {
            throw new ToolFailedException($"'{name}' timed out after {ToolAttributes.Describe(timeout)} and was stopped");
        }

        if (process.ExitCode != 0)
        {
            var excerpt = Encoding.UTF8.GetString(errorOutput).Trim();
            throw new ToolFailedException($"'{name}' exited with code {process.ExitCode}{(excerpt.Length > 0 ? ": " + excerpt : string.Empty)}");
        }

        return Encoding.UTF8.GetString(output);
    }

    private static async Task<(byte[] Data, bool Overflowed)> ReadStdoutAsync(Process process, int maxOutputBytes, CancellationTokenSource overflowSource)
    {
        var result = await BoundedOutput.ReadAsync(process.StandardOutput.BaseStream, maxOutputBytes, CancellationToken.None);
        if (result.Overflowed)
        {
            await overflowSource.CancelAsync();
        }

        return result;
    }

    private static async Task WriteInputAsync(Process process, string input)
    {
        try
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The tool exited (or closed stdin) without reading its input: its exit code tells the rest.
        }
    }

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
