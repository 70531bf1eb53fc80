using AgentSpec.Testing;

namespace AgentSpec.IntegrationTests.Infrastructure;

/// <summary>A private copy of the repository's <c>examples/</c>, so tests never write state files into the repository.</summary>
public static class ExampleFiles
{
    public static string CopyTo(string destination)
    {
        var source = Path.Combine(RedisServer.RepositoryRoot(), "examples");
        foreach (var file in Directory.EnumerateFiles(source, "*.ias", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return destination;
    }
}
