using System.Text;

namespace AgentSpec.Benchmarks.Infrastructure;

/// <summary>Collects what a child process prints, so a failure can show it.</summary>
internal sealed class ChildProcessOutput
{
    private const int MaxCharacters = 64 * 1024;
    private readonly StringBuilder _text = new();

    public void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_text)
        {
            if (_text.Length < MaxCharacters)
            {
                _text.AppendLine(line);
            }
        }
    }

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }
}
