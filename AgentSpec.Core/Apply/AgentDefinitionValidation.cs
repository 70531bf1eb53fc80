namespace AgentSpec.Core.Apply;

/// <summary>
/// The rules a definition must meet before the runtime stores it. Agent names become URL segments and
/// Redis hash fields, so they are checked here, before any use.
/// </summary>
public static class AgentDefinitionValidation
{
    public const int MaxNameLength = 128;

    /// <summary>Upper bound for <c>memory { max_messages }</c>; a larger window is a mistake, not a wish.</summary>
    public const int MaxMemoryMessages = 100_000;

    public const string NameRule = "1-128 characters: ASCII letters, digits, '.', '_' or '-', starting with a letter or digit";

    public static bool IsValidName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || !char.IsAsciiLetterOrDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The first problem of <paramref name="definition"/> as one sentence, or null when it is valid.</summary>
    public static string? FindProblem(AgentDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!IsValidName(definition.Name))
        {
            return $"The agent name '{definition.Name}' is not valid: use {NameRule}.";
        }

        if (string.IsNullOrWhiteSpace(definition.Package))
        {
            return "The field 'package' must not be empty.";
        }

        var expectedFqn = $"{definition.Package}/Agent/{definition.Name}";
        if (!string.Equals(definition.Fqn, expectedFqn, StringComparison.Ordinal))
        {
            return $"The field 'fqn' is '{definition.Fqn}' but package and name make '{expectedFqn}'.";
        }

        if (definition.Prompt is { } prompt && string.IsNullOrEmpty(prompt.Name))
        {
            return "The field 'prompt.name' must not be empty.";
        }

        foreach (var skill in definition.Skills)
        {
            if (skill is null || string.IsNullOrEmpty(skill.Name))
            {
                return "Every entry of 'skills' needs a non-empty 'name'.";
            }
        }

        if (definition.Temperature is { } temperature && !double.IsFinite(temperature))
        {
            return "The field 'temperature' must be a finite number.";
        }

        if (definition.MaxTurns is < 1)
        {
            return "The field 'max_turns' must be at least 1.";
        }

        if (definition.Memory?.MaxMessages is { } maxMessages && maxMessages is < 1 or > MaxMemoryMessages)
        {
            return $"The field 'memory.max_messages' must be between 1 and {MaxMemoryMessages}.";
        }

        return null;
    }
}
