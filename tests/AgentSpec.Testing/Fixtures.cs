namespace AgentSpec.Testing;

/// <summary>Paths of the shared compatibility fixtures (<c>../shared/fixtures</c> beside the repository).</summary>
public static class Fixtures
{
    public static string Root
    {
        get
        {
            var root = Path.GetFullPath(Path.Combine(RedisServer.RepositoryRoot(), "..", "shared", "fixtures"));
            if (!Directory.Exists(root))
            {
                throw new DirectoryNotFoundException(
                    $"The shared fixtures are missing: expected {root}. Clone the repository beside ../shared.");
            }

            return root;
        }
    }

    public static string IntentLang(string file) => Path.Combine(Root, "intentlang", file);

    public static string State(string file) => Path.Combine(Root, "state", file);

    public static string HashVectors => Path.Combine(Root, "hash-vectors.json");
}
