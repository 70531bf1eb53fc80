using AgentSpec.AppHost.Cli;

namespace AgentSpec.AppHost.Tests.Cli;

public sealed class CliEnvironmentTests
{
    [Fact]
    public void Orchestrator_templates_are_replaced_by_the_resource_name_and_a_command_instance_id()
    {
        var resolved = new Dictionary<string, string>
        {
            ["OTEL_SERVICE_NAME"] = "{{- index .Annotations \"otel-service-name\" -}}",
            ["OTEL_RESOURCE_ATTRIBUTES"] = "service.instance.id={{- index .Annotations \"otel-service-instance-id\" -}}",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://localhost:19080",
            ["services__runtime__http__0"] = "http://localhost:42323",
            ["AGENTSPEC_API_KEY"] = "key",
            ["SOMETHING_TEMPLATED"] = "{{ .Name }}",
        };

        var environment = CliEnvironment.ForCommand(resolved, "cli", "cli-command-1234");

        Assert.Equal("cli", environment["OTEL_SERVICE_NAME"]);
        Assert.Equal("service.instance.id=cli-command-1234", environment["OTEL_RESOURCE_ATTRIBUTES"]);
        Assert.Equal("http://localhost:19080", environment["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        Assert.Equal("http://localhost:42323", environment["services__runtime__http__0"]);
        Assert.Equal("key", environment["AGENTSPEC_API_KEY"]);
        Assert.False(environment.ContainsKey("SOMETHING_TEMPLATED"));
    }

    [Fact]
    public void Without_telemetry_variables_none_are_invented()
    {
        var environment = CliEnvironment.ForCommand(new Dictionary<string, string> { ["AGENTSPEC_API_KEY"] = "key" }, "cli", "cli-command-1");
        Assert.Equal(["AGENTSPEC_API_KEY"], environment.Keys);
    }
}
