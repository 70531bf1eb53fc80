using System.Globalization;

namespace AgentSpec.Cli.Tests;

/// <summary>Small IntentLang packages written to disk for CLI tests.</summary>
public static class Packages
{
    /// <summary>A record-only package with one prompt and one agent per name; <paramref name="version"/> changes every hash.</summary>
    public static string RecordOnly(string package, int version = 1, int agents = 1, string deploy = "deploy \"local\" target \"record-only\" {\n  default true\n}")
    {
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"package \"{package}\" version \"0.{version}.0\" lang \"2.0\"\n\n");
        text.Append(CultureInfo.InvariantCulture, $"prompt \"system\" {{\n  content \"You are helpful (version {version}).\"\n}}\n\n");
        for (var i = 0; i < agents; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"agent \"agent-{i}\" {{\n  uses prompt \"system\"\n  model \"model-{version}\"\n}}\n\n");
        }

        text.Append(deploy).Append('\n');
        return text.ToString();
    }

    public static string Write(string directory, string fileName, string text)
    {
        var path = Path.Combine(directory, fileName);
        File.WriteAllText(path, text);
        return path;
    }
}
