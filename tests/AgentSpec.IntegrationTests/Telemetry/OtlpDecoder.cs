using System.Globalization;

namespace AgentSpec.IntegrationTests.Telemetry;

/// <summary>
/// Decodes OTLP/HTTP protobuf export requests (opentelemetry-proto: collector/logs/v1 and collector/trace/v1)
/// into flat records: the fields the tests assert on, nothing more. Span fields: trace_id 1, span_id 2,
/// parent_span_id 4, name 5, attributes 9, status 15 (its code: 3).
/// </summary>
public static class OtlpDecoder
{
    public static IEnumerable<OtlpLogRecord> Logs(ReadOnlyMemory<byte> exportLogsServiceRequest)
    {
        foreach (var resourceLogs in Messages(exportLogsServiceRequest, 1))
        {
            var service = ServiceName(resourceLogs);
            foreach (var scopeLogs in Messages(resourceLogs, 2))
            {
                var scope = ScopeName(scopeLogs);
                foreach (var record in Messages(scopeLogs, 2))
                {
                    var fields = ProtobufReader.Fields(record).ToList();
                    yield return new OtlpLogRecord(
                        service,
                        scope,
                        (int)(fields.LastOrDefault(f => f.Number == 2).Value),
                        fields.LastOrDefault(f => f.Number == 3).Text,
                        fields.LastOrDefault(f => f.Number == 12).Text,
                        AnyValue(fields.LastOrDefault(f => f.Number == 5).Bytes),
                        Attributes(fields.Where(f => f.Number == 6)));
                }
            }
        }
    }

    public static IEnumerable<OtlpSpan> Spans(ReadOnlyMemory<byte> exportTraceServiceRequest)
    {
        foreach (var resourceSpans in Messages(exportTraceServiceRequest, 1))
        {
            var service = ServiceName(resourceSpans);
            foreach (var scopeSpans in Messages(resourceSpans, 2))
            {
                var scope = ScopeName(scopeSpans);
                foreach (var span in Messages(scopeSpans, 2))
                {
                    var fields = ProtobufReader.Fields(span).ToList();
                    var status = fields.LastOrDefault(f => f.Number == 15).Bytes;
                    yield return new OtlpSpan(
                        service,
                        scope,
                        fields.LastOrDefault(f => f.Number == 5).Text,
                        Attributes(fields.Where(f => f.Number == 9)),
                        Hex(fields.LastOrDefault(f => f.Number == 1).Bytes),
                        Hex(fields.LastOrDefault(f => f.Number == 2).Bytes),
                        Hex(fields.LastOrDefault(f => f.Number == 4).Bytes),
                        (int)ProtobufReader.Fields(status).LastOrDefault(f => f.Number == 3).Value);
                }
            }
        }
    }

    private static string Hex(ReadOnlyMemory<byte> bytes) => Convert.ToHexStringLower(bytes.Span);

    private static IEnumerable<ReadOnlyMemory<byte>> Messages(ReadOnlyMemory<byte> message, int field) =>
        ProtobufReader.Fields(message).Where(f => f.Number == field && f.WireType == ProtobufReader.LengthDelimited).Select(f => f.Bytes);

    private static string ServiceName(ReadOnlyMemory<byte> resourceContainer)
    {
        foreach (var resource in Messages(resourceContainer, 1))
        {
            if (Attributes(ProtobufReader.Fields(resource).Where(f => f.Number == 1)).TryGetValue("service.name", out var name))
            {
                return name;
            }
        }

        return string.Empty;
    }

    private static string ScopeName(ReadOnlyMemory<byte> scopeContainer) =>
        Messages(scopeContainer, 1).Select(scope => ProtobufReader.Fields(scope).FirstOrDefault(f => f.Number == 1).Text).FirstOrDefault() ?? string.Empty;

    private static Dictionary<string, string> Attributes(IEnumerable<ProtobufField> keyValues)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var keyValue in keyValues)
        {
            var fields = ProtobufReader.Fields(keyValue.Bytes).ToList();
            attributes[fields.FirstOrDefault(f => f.Number == 1).Text] = AnyValue(fields.FirstOrDefault(f => f.Number == 2).Bytes);
        }

        return attributes;
    }

    /// <summary>AnyValue rendered as text: strings as they are, numbers and booleans invariantly.</summary>
    private static string AnyValue(ReadOnlyMemory<byte> anyValue)
    {
        foreach (var field in ProtobufReader.Fields(anyValue))
        {
            switch (field.Number)
            {
                case 1:
                    return field.Text;
                case 2:
                    return field.Value != 0 ? "true" : "false";
                case 3:
                    return ((long)field.Value).ToString(CultureInfo.InvariantCulture);
                case 4:
                    return BitConverter.UInt64BitsToDouble(field.Value).ToString("R", CultureInfo.InvariantCulture);
            }
        }

        return string.Empty;
    }
}
