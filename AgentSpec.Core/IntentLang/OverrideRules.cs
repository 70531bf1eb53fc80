using System.Text.Json;
using AgentSpec.Core.IntentLang.Syntax;
using static AgentSpec.Core.IntentLang.EnglishArticles;

namespace AgentSpec.Core.IntentLang;

/// <summary>Which attributes an environment may override per resource kind, and the rules their values follow.</summary>
internal static class OverrideRules
{
    private enum ValueShape
    {
        Text,
        WholeNumber,
        Number,
        Flag,
    }

    private static readonly Dictionary<string, Dictionary<string, ValueShape>> Overridable = new(StringComparer.Ordinal)
    {
        ["agent"] = new(StringComparer.Ordinal)
        {
            ["model"] = ValueShape.Text,
            ["strategy"] = ValueShape.Text,
            ["max_turns"] = ValueShape.WholeNumber,
            ["timeout"] = ValueShape.Text,
            ["token_budget"] = ValueShape.WholeNumber,
            ["temperature"] = ValueShape.Number,
            ["stream"] = ValueShape.Flag,
            ["on_error"] = ValueShape.Text,
            ["max_retries"] = ValueShape.WholeNumber,
            ["fallback"] = ValueShape.Text,
        },
        ["prompt"] = new(StringComparer.Ordinal) { ["content"] = ValueShape.Text, ["version"] = ValueShape.Text },
        ["skill"] = new(StringComparer.Ordinal) { ["description"] = ValueShape.Text },
        ["server"] = new(StringComparer.Ordinal) { ["transport"] = ValueShape.Text, ["command"] = ValueShape.Text, ["url"] = ValueShape.Text },
        ["secret"] = new(StringComparer.Ordinal),
        ["client"] = new(StringComparer.Ordinal),
    };

    public static void Check(OverrideDeclaration entry, string environment, DiagnosticBag diagnostics)
    {
        var kind = entry.TargetKind.Value;
        var attribute = entry.Attribute;
        var allowed = Overridable[kind];
        if (allowed.Count == 0)
        {
            diagnostics.Error(attribute.Location, $"{Article(kind)} {kind} has no attributes that an environment can override");
            return;
        }

        var owner = $"{kind} \"{entry.TargetName.Value}\" in {environment}";
        if (!allowed.TryGetValue(attribute.Value, out var shape))
        {
            var names = allowed.Keys.ToArray();
            diagnostics.Error(
                attribute.Location,
                $"unknown attribute '{attribute.Value}' in {owner}",
                NameSuggestions.Closest(attribute.Value, names) is { } closest
                    ? $"did you mean '{closest}'?"
                    : $"{Article(kind)} {kind} can override: {string.Join(", ", names)}");
            return;
        }

        var value = entry.Value.Value;
        var at = entry.Value.Location;
        switch (shape)
        {
            case ValueShape.Text when value.GetValueKind() == JsonValueKind.String:
                CheckText(new Located<string>(value.GetValue<string>(), at), attribute.Value, owner, diagnostics);
                break;
            case ValueShape.WholeNumber when value.TryGetValue<long>(out var whole):
                var located = new Located<long>(whole, at);
                if (attribute.Value == "max_turns")
                {
                    AttributeRules.Positive(located, attribute.Value, owner, diagnostics);
                }
                else
                {
                    AttributeRules.NotNegative(located, attribute.Value, owner, diagnostics);
                }

                break;
            case ValueShape.Number when value.TryGetValue<long>(out var integral):
                AttributeRules.Temperature(new Located<double>(integral, at), owner, diagnostics);
                break;
            case ValueShape.Number when value.TryGetValue<double>(out var number):
                AttributeRules.Temperature(new Located<double>(number, at), owner, diagnostics);
                break;
            case ValueShape.Flag when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                break;
            default:
                var expected = shape switch
                {
                    ValueShape.Text => "a string",
                    ValueShape.WholeNumber => "a whole number",
                    ValueShape.Number => "a number",
                    _ => "true or false",
                };
                diagnostics.Error(at, $"{attribute.Value} of {owner} must be {expected}, found {value.ToJsonString()}");
                break;
        }
    }

    private static void CheckText(Located<string> value, string attribute, string owner, DiagnosticBag diagnostics)
    {
        switch (attribute)
        {
            case "strategy":
                AttributeRules.OneOf(value, attribute, owner, AttributeRules.Strategies, diagnostics);
                break;
            case "on_error":
                AttributeRules.OneOf(value, attribute, owner, AttributeRules.OnErrorValues, diagnostics);
                break;
            case "transport":
                AttributeRules.OneOf(value, attribute, owner, AttributeRules.Transports, diagnostics);
                break;
            case "timeout":
                AttributeRules.Duration(value, attribute, owner, diagnostics);
                break;
            case "version":
                break;
            default:
                AttributeRules.NotEmpty(value, attribute, owner, diagnostics);
                break;
        }
    }
}
