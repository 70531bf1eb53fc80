using System.Globalization;
using System.Text.RegularExpressions;
using AgentSpec.Core.IntentLang.Syntax;

namespace AgentSpec.Core.IntentLang;

/// <summary>
/// Value rules shared by declarations and environment overrides, so that an override cannot set what the
/// declaration itself could not.
/// </summary>
internal static partial class AttributeRules
{
    public static readonly string[] Strategies = ["react", "plan-and-execute", "reflexion", "router", "map-reduce"];
    public static readonly string[] OnErrorValues = ["retry", "fail", "fallback"];
    public static readonly string[] MemoryStrategies = ["sliding_window", "summary"];
    public static readonly string[] Transports = ["stdio", "sse", "streamable-http"];
    public static readonly string[] HttpMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"];
    public static readonly string[] FieldTypes = ["string", "number", "integer", "int", "float", "bool", "boolean", "object", "array", "list", "map", "any"];

    public const double MinTemperature = 0;
    public const double MaxTemperature = 2;

    public static void OneOf(Located<string> value, string attribute, string owner, string[] allowed, DiagnosticBag diagnostics)
    {
        if (Array.IndexOf(allowed, value.Value) >= 0)
        {
            return;
        }

        var closest = NameSuggestions.Closest(value.Value, allowed);
        diagnostics.Error(
            value.Location,
            $"invalid {attribute} \"{value.Value}\" in {owner}",
            (closest is null ? string.Empty : $"did you mean \"{closest}\"? ") + "valid values: " + string.Join(", ", allowed));
    }

    public static void NotEmpty(Located<string> value, string attribute, string owner, DiagnosticBag diagnostics)
    {
        if (string.IsNullOrWhiteSpace(value.Value))
        {
            diagnostics.Error(value.Location, $"{attribute} of {owner} must not be empty");
        }
    }

    public static void Positive(Located<long> value, string attribute, string owner, DiagnosticBag diagnostics)
    {
        if (value.Value <= 0)
        {
            diagnostics.Error(value.Location, $"{attribute} of {owner} must be greater than 0, found {value.Value}");
        }
    }

    public static void NotNegative(Located<long> value, string attribute, string owner, DiagnosticBag diagnostics)
    {
        if (value.Value < 0)
        {
            diagnostics.Error(value.Location, $"{attribute} of {owner} must not be negative, found {value.Value}", "use 0 for none");
        }
    }

    public static void Temperature(Located<double> value, string owner, DiagnosticBag diagnostics)
    {
        if (value.Value is < MinTemperature or > MaxTemperature)
        {
            diagnostics.Error(
                value.Location,
                $"temperature of {owner} must be between 0 and 2, found {value.Value.ToString(CultureInfo.InvariantCulture)}");
        }
    }

    public static void Duration(Located<string> value, string attribute, string owner, DiagnosticBag diagnostics)
    {
        if (!IntentLangDuration.TryParse(value.Value, out var duration) || duration <= TimeSpan.Zero)
        {
            diagnostics.Error(
                value.Location,
                $"invalid {attribute} \"{value.Value}\" in {owner}",
                "a duration is a positive number with a unit: \"30s\", \"2m\", \"1h30m\", \"500ms\"");
        }
    }

    public static void FieldType(Located<string> type, string owner, DiagnosticBag diagnostics)
    {
        if (Array.IndexOf(FieldTypes, type.Value) < 0)
        {
            var closest = NameSuggestions.Closest(type.Value, FieldTypes);
            diagnostics.Error(
                type.Location,
                $"unknown type '{type.Value}' in {owner}",
                closest is null ? "types: " + string.Join(", ", FieldTypes) : $"did you mean '{closest}'?");
        }
    }

    public static void EnvironmentVariableName(Located<string> name, string owner, DiagnosticBag diagnostics)
    {
        if (!EnvironmentVariablePattern().IsMatch(name.Value))
        {
            diagnostics.Error(
                name.Location,
                $"invalid environment variable name \"{name.Value}\" in {owner}",
                "use letters, digits and '_', not starting with a digit, e.g. env(API_KEY)");
        }
    }

    public static bool IsSemanticVersion(string version) => SemanticVersionPattern().IsMatch(version);

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentVariablePattern();

    [GeneratedRegex(@"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex SemanticVersionPattern();
}
