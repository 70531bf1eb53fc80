using System.Text.Json;

namespace AgentSpec.Runtime.Json;

/// <summary>
/// One sentence about what is wrong with a JSON body, naming the field in the client's terms
/// (<c>metadata.team</c>) instead of .NET's (<c>$.metadata.team</c>, <c>System.String</c>).
/// </summary>
public static class JsonErrorDescription
{
    public static string Describe(JsonException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var message = exception.Message;
        var field = FieldOf(exception.Path);

        const string missingMarker = "missing required properties including: ";
        var missing = message.IndexOf(missingMarker, StringComparison.Ordinal);
        if (missing >= 0)
        {
            var names = message[(missing + missingMarker.Length)..].TrimEnd('.', ' ');
            var prefix = field is null ? string.Empty : $"'{field}' ";
            return $"The request body {prefix}is missing required field(s) {names}.";
        }

        if (message.Contains("allow null values", StringComparison.Ordinal)
            || message.Contains("allow setting null values", StringComparison.Ordinal))
        {
            var name = field ?? MemberNameOf(message);
            return name is null ? "The request body contains null where a value is required." : $"The field '{name}' must not be null.";
        }

        if (message.StartsWith("The JSON value could not be converted to ", StringComparison.Ordinal) && field is not null)
        {
            return $"The field '{field}' has the wrong type: expected {Expected(message)}.";
        }

        if (message.Contains("does not contain any JSON tokens", StringComparison.Ordinal))
        {
            return "The request body is empty; send a JSON object.";
        }

        if (message.StartsWith("The JSON value could not be converted to ", StringComparison.Ordinal))
        {
            return $"The request body has the wrong shape: expected {Expected(message)}.";
        }

        var position = exception.LineNumber is { } line
            ? $" (line {line + 1}, byte {(exception.BytePositionInLine ?? 0) + 1})"
            : string.Empty;
        return $"The request body is not valid JSON{position}: {FirstSentence(message)}";
    }

    private static string? FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return null;
        }

        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    /// <summary>The member named in "The property or field 'X' …" / "The constructor parameter 'X' …", in wire (snake_case) form.</summary>
    private static string? MemberNameOf(string message)
    {
        var start = message.IndexOf('\'');
        var end = start < 0 ? -1 : message.IndexOf('\'', start + 1);
        return end > start + 1 ? JsonNamingPolicy.SnakeCaseLower.ConvertName(message[(start + 1)..end]) : null;
    }

    private static string Expected(string message)
    {
        var type = message["The JSON value could not be converted to ".Length..];
        var end = type.IndexOf(". Path", StringComparison.Ordinal);
        if (end >= 0)
        {
            type = type[..end];
        }

        return type switch
        {
            "System.String" => "a string",
            "System.Int32" or "System.Int64" or "System.Nullable`1[System.Int32]" or "System.Nullable`1[System.Int64]" => "a whole number",
            "System.Double" or "System.Nullable`1[System.Double]" => "a number",
            "System.Boolean" => "true or false",
            _ when type.Contains("Dictionary", StringComparison.Ordinal) || type.Contains("JsonObject", StringComparison.Ordinal) => "an object",
            _ when type.Contains("List", StringComparison.Ordinal) || type.Contains("[]", StringComparison.Ordinal) => "an array",
            _ => "an object",
        };
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        return cut >= 0 ? message[..cut].TrimEnd('|', ' ') : message;
    }
}
