namespace AgentSpec.Core.Resources;

/// <summary>Fully qualified resource names: <c>&lt;package&gt;/&lt;Kind&gt;/&lt;name&gt;</c>.</summary>
public static class ResourceName
{
    public static string Fqn(string package, string kind, string name) => $"{package}/{kind}/{name}";

    /// <summary>The package part of an FQN, or the whole string when it has no slash.</summary>
    public static string PackageOf(string fqn)
    {
        ArgumentNullException.ThrowIfNull(fqn);
        var slash = fqn.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? fqn : fqn[..slash];
    }

    /// <summary>The <c>Kind/name</c> part of an FQN, as shown in plans.</summary>
    public static string LocalPart(string fqn)
    {
        ArgumentNullException.ThrowIfNull(fqn);
        var slash = fqn.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? fqn : fqn[(slash + 1)..];
    }
}
