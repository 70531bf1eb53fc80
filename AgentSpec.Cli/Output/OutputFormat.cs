namespace AgentSpec.Cli.Output;

public enum OutputFormat
{
    Text,
    Json,
}
