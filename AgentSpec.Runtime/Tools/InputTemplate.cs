using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AgentSpec.Runtime.Tools;

/// <summary>
/// <c>{{field}}</c> placeholders of an <c>http</c> tool's url, headers and <c>body_template</c>, replaced by the
/// model's input encoded for where it lands, so input can never break out of its slot (a quote in a JSON body,
/// a <c>&amp;</c> in a query, a newline in a header). <c>{{secret:name}}</c> is allowed in headers only.
/// </summary>
internal static class InputTemplate
{
    public enum Target
    {
        Url,
        Json,
        Form,
        Header,
        Text,
    }

    private const string SecretPrefix = "secret:";

    public static string Render(string template, JsonObject input, Target target, RevealedSecrets? secrets = null)
    {
        var result = new StringBuilder(template.Length);
        var position = 0;
        while (position < template.Length)
        {
            var open = template.IndexOf("{{", position, StringComparison.Ordinal);
            var close = open < 0 ? -1 : template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                result.Append(template, position, template.Length - position);
                break;
            }

            result.Append(template, position, open - position);
            var name = template[(open + 2)..close].Trim();
            if (name.StartsWith(SecretPrefix, StringComparison.Ordinal))
            {
                if (secrets is null)
                {
                    throw new ToolFailedException($"'{{{{{name}}}}}' is allowed in headers only, where secrets stay out of URLs, bodies and traces");
                }

                result.Append(CheckHeader(secrets.Reveal(name[SecretPrefix.Length..].Trim())));
            }
            else
            {
                result.Append(Encode(ValueOf(input, name), target));
            }

            position = close + 2;
        }

        return result.ToString();
    }

    private static string ValueOf(JsonObject input, string name) =>
        input.TryGetPropertyValue(name, out var node) && node is not null
            ? node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : node.ToJsonString()
            : string.Empty;

    private static string Encode(string value, Target target) => target switch
    {
        Target.Url => Uri.EscapeDataString(value),
        Target.Json => JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString(),
        Target.Form => WebUtility.UrlEncode(value),
        Target.Header => CheckHeader(value),
        _ => value,
    };

    private static string CheckHeader(string value) =>
        value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0
            ? throw new ToolFailedException("a header value may not contain line breaks")
            : value;
}
