namespace AgentSpec.Core.IntentLang;

/// <summary>"a skill", "an agent": diagnostics are sentences.</summary>
internal static class EnglishArticles
{
    public static string Article(string noun) =>
        !string.IsNullOrEmpty(noun) && "aeiouAEIOU".Contains(noun[0], StringComparison.Ordinal) ? "an" : "a";
}
