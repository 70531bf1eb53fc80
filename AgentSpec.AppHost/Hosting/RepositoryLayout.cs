namespace AgentSpec.AppHost.Hosting;

/// <summary>Where the repository's files are, found upwards from the AppHost project directory.</summary>
internal static class RepositoryLayout
{
    public const string SolutionFile = "AgentSpec.sln";
    public const string ToolManifest = ".config/dotnet-tools.json";

    public static string FindRoot(string appHostDirectory)
    {
        for (var dir = new DirectoryInfo(appHostDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Could not find {SolutionFile} above {appHostDirectory}; run the AppHost from the repository.");
    }
}
