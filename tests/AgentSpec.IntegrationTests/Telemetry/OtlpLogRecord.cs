namespace AgentSpec.IntegrationTests.Telemetry;

/// <summary>An OTLP log record as received: service, scope, severity, event name, body and attributes.</summary>
public sealed record OtlpLogRecord(
    string ServiceName,
    string Scope,
    int SeverityNumber,
    string SeverityText,
    string EventName,
    string Body,
    IReadOnlyDictionary<string, string> Attributes);
