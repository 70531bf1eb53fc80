namespace AgentSpec.IntegrationTests.Telemetry;

/// <summary>
/// An OTLP span as received: service, scope, name, attributes, its place in the trace (ids as lowercase hex;
/// <see cref="ParentSpanId"/> empty for a root span) and its status code (0 unset, 1 ok, 2 error).
/// </summary>
public sealed record OtlpSpan(
    string ServiceName,
    string Scope,
    string Name,
    IReadOnlyDictionary<string, string> Attributes,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    int StatusCode);
