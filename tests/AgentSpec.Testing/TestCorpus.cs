namespace AgentSpec.Testing;

/// <summary>
/// Paths of the repository's own test corpus, <c>tests/corpus</c> (described in its README.md): IntentLang
/// packages written for these tests, one file per diagnostic, and data about the original Go tool.
/// </summary>
public static class TestCorpus
{
    public static string Root => Path.Combine(RedisServer.RepositoryRoot(), "tests", "corpus");

    /// <summary>Valid packages: each <c>*.ias</c> file, and each directory of <c>*.ias</c> files, is one package.</summary>
    public static string IntentLangDirectory => Path.Combine(Root, "intentlang");

    /// <summary>The FQN → hash map of every package of <see cref="IntentLangDirectory"/> (golden data).</summary>
    public static string ExpectedHashes => IntentLang("expected-hashes.json");

    /// <summary>One small invalid package per diagnostic, each beside a <c>.expected</c> file with its exact output.</summary>
    public static string DiagnosticsDirectory => Path.Combine(Root, "diagnostics");

    /// <summary>Canonical-JSON inputs and the hashes the original Go tool computes for them.</summary>
    public static string HashVectors => Path.Combine(Root, "original-tool", "hash-vectors.json");

    /// <summary>A state file the original Go tool wrote, in its format "1.0" (8 entries, one failed).</summary>
    public static string UpstreamState => Path.Combine(Root, "original-tool", "state", "upstream-v1-support-bot.state.json");

    public static string IntentLang(string name) => Path.Combine(IntentLangDirectory, name);

    public static string Diagnostics(string name) => Path.Combine(DiagnosticsDirectory, name);
}
