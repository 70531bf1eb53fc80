namespace AgentSpec.Runtime.Tools;

/// <summary>
/// The secret values one tool call read. A tool may echo a secret (an error page quoting a header, a script
/// printing its environment): whatever the call returns is scrubbed of them before the model, the history or a
/// log can see it.
/// </summary>
internal sealed class RevealedSecrets(ToolSecrets secrets)
{
    public const string Mask = "[secret]";

    private readonly List<string> _values = [];

    public string Reveal(string name)
    {
        var value = secrets.Resolve(name);
        lock (_values)
        {
            _values.Add(value);
        }

        return value;
    }

    public string Scrub(string text)
    {
        lock (_values)
        {
            foreach (var value in _values)
            {
                text = text.Replace(value, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
