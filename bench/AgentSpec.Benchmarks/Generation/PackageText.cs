using System.Globalization;
using System.Text;

namespace AgentSpec.Benchmarks.Generation;

/// <summary>IntentLang packages of a chosen size for the benchmarks, deployed to the record-only target.</summary>
internal static class PackageText
{
    public const string RecordOnlyDeploy = "deploy \"local\" target \"record-only\" {\n  default true\n}\n";

    /// <summary>
    /// A package of exactly <paramref name="resources"/> resources: one tenth prompts, three tenths skills,
    /// the rest agents, each agent using one prompt and two skills.
    /// </summary>
    public static string Generate(string package, int resources, int version = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resources, 3);
        var prompts = Math.Max(1, resources / 10);
        var skills = Math.Max(1, resources * 3 / 10);
        var agents = resources - prompts - skills;
        var text = new StringBuilder();
        Append(text, $"package \"{package}\" version \"0.{version}.0\" lang \"2.0\"\n\n");
        for (var i = 0; i < prompts; i++)
        {
            Append(text, $"prompt \"prompt-{i:D4}\" {{\n  content \"You are assistant {i} of {package} (version {version}). Answer briefly and cite the knowledge base.\"\n}}\n\n");
        }

        for (var i = 0; i < skills; i++)
        {
            Append(text, $"skill \"skill-{i:D4}\" {{\n  description \"Skill {i}: look things up\"\n  input {{\n    query string required\n  }}\n  output {{\n    result string\n  }}\n  tool command {{\n    binary \"tool-{i}\"\n  }}\n}}\n\n");
        }

        for (var i = 0; i < agents; i++)
        {
            Append(text, $"agent \"agent-{i:D4}\" {{\n  uses prompt \"prompt-{i % prompts:D4}\"\n  uses skill \"skill-{i % skills:D4}\"\n  uses skill \"skill-{(i + 1) % skills:D4}\"\n  model \"claude-sonnet-4-20250514\"\n}}\n\n");
        }

        text.Append(RecordOnlyDeploy);
        return text.ToString();
    }

    private static void Append(StringBuilder text, FormattableString value) => text.Append(value.ToString(CultureInfo.InvariantCulture));
}
