namespace AgentSpec.Compatibility.Tests;

/// <summary>
/// The original Go tool's corpus (example packages, expected hashes, hash vectors, a "1.0" state file),
/// read only from the directory named by <see cref="Variable"/>. Every test goes through
/// <see cref="Root"/>, so without a usable corpus every test fails with one sentence saying why.
/// </summary>
public static class CompatibilityCorpus
{
    public const string Variable = "AGENTSPEC_COMPAT_CORPUS";

    /// <summary>The example packages of the original tool, in its own file names.</summary>
    public static readonly string[] ValidExamples =
    [
        "basic-agent.ias", "code-review-pipeline.ias", "mcp-server-client.ias", "multi-environment.ias",
        "multi-skill-agent.ias", "rag-assistant.ias", "support-bot.ias", "valid.ias",
    ];

    public const string InvalidExample = "invalid_ref.ias";

    private static readonly string[] RequiredFiles =
    [
        "hash-vectors.json",
        Path.Combine("intentlang", "expected-hashes.json"),
        Path.Combine("state", "upstream-v1-support-bot.state.json"),
        .. ValidExamples.Append(InvalidExample).Select(file => Path.Combine("intentlang", file)),
    ];

    private static readonly Lazy<string> Resolved = new(Resolve);

    public static string Root => Resolved.Value;

    public static string IntentLangDirectory => Path.Combine(Root, "intentlang");

    public static string IntentLang(string file) => Path.Combine(IntentLangDirectory, file);

    public static string ExpectedHashes => IntentLang("expected-hashes.json");

    public static string HashVectors => Path.Combine(Root, "hash-vectors.json");

    public static string UpstreamState => Path.Combine(Root, "state", "upstream-v1-support-bot.state.json");

    private static string Resolve()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set: set it to the directory of the original tool's compatibility corpus before running this suite (see tests/AgentSpec.Compatibility.Tests/README.md).");
        }

        var root = Path.GetFullPath(value, InvocationDirectory());
        if (!Directory.Exists(root))
        {
            throw new InvalidOperationException(
                $"{Variable} is set to \"{value}\", which resolves to {root}, and that directory does not exist (see tests/AgentSpec.Compatibility.Tests/README.md).");
        }

        var missing = RequiredFiles.Where(file => !File.Exists(Path.Combine(root, file))).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"{Variable} is set to \"{value}\", which resolves to {root}, and that directory lacks {string.Join(", ", missing)}, so it is not the compatibility corpus (see tests/AgentSpec.Compatibility.Tests/README.md).");
        }

        return root;
    }

    /// <summary>
    /// Where <c>dotnet test</c> was started. The test host runs in the build output directory, so a relative
    /// path is resolved against the shell's working directory (<c>PWD</c>, inherited from the caller) when there is one.
    /// </summary>
    private static string InvocationDirectory()
    {
        var shell = Environment.GetEnvironmentVariable("PWD");
        return !string.IsNullOrEmpty(shell) && Path.IsPathFullyQualified(shell) && Directory.Exists(shell)
            ? shell
            : Environment.CurrentDirectory;
    }
}
