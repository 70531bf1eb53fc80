using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentSpec.Runtime.Tools;

/// <summary>The JSON schema a model sees for a skill: one property per <c>input</c> field, <c>required</c> as declared.</summary>
internal static class SkillInputSchema
{
    public static JsonElement For(JsonObject skillAttributes)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        if (skillAttributes.TryGetPropertyValue("input", out var node) && node is JsonArray fields)
        {
            foreach (var field in fields.OfType<JsonObject>())
            {
                var name = field["name"]?.ToString();
                if (string.IsNullOrEmpty(name))
                {
                    continue;
                }

                properties[name] = new JsonObject { ["type"] = JsonTypeOf(field["type"]?.ToString()) };
                if (field["required"] is JsonValue flag && flag.GetValueKind() == JsonValueKind.True)
                {
                    required.Add(name);
                }
            }
        }

        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (required.Count > 0)
        {
            schema["required"] = required;
        }

        return JsonSerializer.SerializeToElement(schema, ToolJsonContext.Default.JsonObject);
    }

    /// <summary>IntentLang field types are free words; the usual ones map to JSON schema types, anything else is a string.</summary>
    private static string JsonTypeOf(string? type) => type?.ToLowerInvariant() switch
    {
        "int" or "integer" or "long" => "integer",
        "number" or "float" or "double" or "decimal" => "number",
        "bool" or "boolean" => "boolean",
        "list" or "array" => "array",
        "object" or "map" or "json" => "object",
        _ => "string",
    };
}
