namespace AgentSpec.IntegrationTests.Telemetry;

/// <summary>An OTLP span as received: service, scope, name and attributes.</summary>
public sealed record OtlpSpan(string ServiceName, string Scope, string Name, IReadOnlyDictionary<string, string> Attributes);
