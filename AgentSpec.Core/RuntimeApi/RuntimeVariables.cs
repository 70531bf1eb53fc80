namespace AgentSpec.Core.RuntimeApi;

/// <summary>The environment variables that tell the runtime its key and clients where the runtime is.</summary>
public static class RuntimeVariables
{
    /// <summary>The runtime's API key: the runtime requires it, the CLI sends it.</summary>
    public const string ApiKey = "AGENTSPEC_API_KEY";

    /// <summary>Where the CLI finds the runtime when <c>--runtime-url</c> is not given.</summary>
    public const string RuntimeUrl = "AGENTSPEC_RUNTIME_URL";
}
