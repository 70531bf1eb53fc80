namespace AgentSpec.AppHost.Hosting;

/// <summary>The <c>dotnet</c> host that runs managed tools (Garnet, the CLI) next to the AppHost.</summary>
internal static class DotnetHost
{
    public static string Path()
    {
        // Set by the SDK for processes it starts (dotnet run, dotnet test); the same host that runs us.
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        return ExecutableSearch.FindOnPath(OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet")
            ?? throw new InvalidOperationException("The dotnet host is not on PATH and DOTNET_HOST_PATH is not set.");
    }
}
