using System.Text.Json.Nodes;

namespace AgentSpec.Core.IntentLang.Syntax;

/// <summary>The bodies of <c>secret</c>, <c>environment</c>, <c>server</c>, <c>client</c> and <c>deploy</c>.</summary>
internal sealed partial class Parser
{
    /// <summary>The resource kinds an environment can override, as written in the environment block.</summary>
    public static readonly IReadOnlySet<string> OverrideKinds =
        new HashSet<string>(["agent", "prompt", "skill", "secret", "server", "client"], StringComparer.Ordinal);

    private static readonly string[] SecretKeywords = [SecretDeclaration.EnvSource, SecretDeclaration.StoreSource];
    private static readonly string[] ServerKeywords = ["transport", "command", "args", "url", "env", "auth", "exposes"];
    private static readonly string[] ClientKeywords = ["connects"];
    private static readonly string[] OverrideKindList = ["agent", "prompt", "skill", "secret", "server", "client"];

    private bool ParseSecretItem(SecretDeclaration secret, Token keyword)
    {
        if (keyword.Text is not (SecretDeclaration.EnvSource or SecretDeclaration.StoreSource))
        {
            return UnsupportedOrUnknown(keyword, secret.Title, SecretKeywords);
        }

        if (secret.Source is not null)
        {
            Error(keyword, $"{secret.Title} has more than one source", "use exactly one of env(VARIABLE) or store(path)");
        }

        secret.Attributes.TryAdd("source", At(keyword));
        secret.Source = new Located<string>(keyword.Text, At(keyword));
        var parenthesised = Current.Kind == TokenKind.LeftParen;
        var open = parenthesised ? Advance() : keyword;
        var key = ExpectStringOrWord(open, secret.Title);
        if (key is null)
        {
            return false;
        }

        if (parenthesised)
        {
            if (Current.Kind != TokenKind.RightParen)
            {
                Error(Current, $"expected ')' after {keyword.Text}({key.Value} in {secret.Title}, found {Current.Describe()}", "quote values that contain punctuation: store(\"team/api-key\")");
                return false;
            }

            Advance();
        }

        secret.Key = key;
        return true;
    }

    private bool ParseEnvironmentItem(EnvironmentDeclaration environment, Token kind)
    {
        if (!OverrideKinds.Contains(kind.Text))
        {
            if (UnsupportedConstructs.TryGet(kind.Text, out var construct, out var hint))
            {
                ReportUnsupported(kind, construct, hint);
                return true;
            }

            Error(
                kind,
                $"unknown resource kind '{kind.Text}' in {environment.Title}",
                NameSuggestions.KeywordHint(kind.Text, OverrideKindList) + "; an override reads agent \"name\" { model \"…\" }");
            return false;
        }

        var target = ExpectString(kind, environment.Title);
        if (target is null)
        {
            return false;
        }

        var owner = $"{kind.Text} \"{target.Value}\" in {environment.Title}";
        var seen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        var kindLocated = new Located<string>(kind.Text, At(kind));
        return ParseBody(owner, attribute =>
        {
            MarkSeen(seen, attribute.Text, attribute, owner);
            var value = ExpectScalar(attribute, owner);
            if (value is null)
            {
                return false;
            }

            environment.Overrides.Add(new OverrideDeclaration(kindLocated, target, new Located<string>(attribute.Text, At(attribute)), value));
            return true;
        });
    }

    private bool ParseServerItem(ServerDeclaration server, Token keyword)
    {
        var owner = server.Title;
        var seen = server.Attributes;
        switch (keyword.Text)
        {
            case "transport":
                MarkSeen(seen, "transport", keyword, owner);
                server.Transport = ExpectStringOrWord(keyword, owner);
                return server.Transport is not null;
            case "command":
                MarkSeen(seen, "command", keyword, owner);
                server.Command = ExpectString(keyword, owner);
                return server.Command is not null;
            case "args":
                MarkSeen(seen, "args", keyword, owner);
                server.Args = ExpectStringList(keyword, owner);
                return server.Args is not null;
            case "url":
                MarkSeen(seen, "url", keyword, owner);
                server.Url = ExpectString(keyword, owner);
                return server.Url is not null;
            case "env":
                MarkSeen(seen, "env", keyword, owner);
                server.Env = ExpectMap(keyword, owner);
                return server.Env is not null;
            case "auth":
                MarkSeen(seen, "auth", keyword, owner);
                if (AtKeyword("secret"))
                {
                    Advance();
                }

                server.Auth = ExpectString(keyword, owner);
                return server.Auth is not null;
            case "exposes":
                if (AtKeyword("skill"))
                {
                    Advance();
                }

                var skill = ExpectString(keyword, owner);
                if (skill is not null)
                {
                    server.Exposes.Add(skill);
                }

                return skill is not null;
            default:
                return UnsupportedOrUnknown(keyword, owner, ServerKeywords);
        }
    }

    private bool ParseClientItem(ClientDeclaration client, Token keyword)
    {
        if (keyword.Text != "connects")
        {
            return UnsupportedOrUnknown(keyword, client.Title, ClientKeywords);
        }

        SkipOptionalWords("to", "server");
        var server = ExpectString(keyword, client.Title);
        if (server is not null)
        {
            client.Servers.Add(server);
        }

        return server is not null;
    }

    private DeployDeclaration? ParseDeploy()
    {
        var keyword = Advance();
        var name = ExpectDeclarationName(keyword);
        if (name is null)
        {
            SkipToNextDeclaration(consumeFirst: false);
            return null;
        }

        var deploy = new DeployDeclaration(At(keyword), name);
        if (AtKeyword("target"))
        {
            var target = Advance();
            deploy.Target = ExpectStringOrWord(target, deploy.Title);
        }
        else
        {
            Error(
                Current.Line == name.Location.Line ? Current : keyword,
                $"expected target \"kind\" after the name of {deploy.Title}",
                $"for example: deploy \"{name.Value}\" target \"process\" {{ … }}");
        }

        if (Current.Kind != TokenKind.LeftBrace)
        {
            if (deploy.Target is not null)
            {
                Error(Current, $"expected '{{' to open the body of {deploy.Title}, found {Current.Describe()}");
            }

            SkipToNextDeclaration(consumeFirst: false);
            return deploy;
        }

        if (!ParseBody(deploy.Title, item => ParseSetting(deploy.Settings, deploy.Attributes, item, deploy.Title, deploy), topLevel: true))
        {
            SkipToNextDeclaration(consumeFirst: false);
        }

        return deploy;
    }

    /// <summary>One free-form deploy setting: <c>key value</c>, <c>key [list]</c> or <c>key { nested }</c>.</summary>
    private bool ParseSetting(JsonObject settings, Dictionary<string, SourceLocation> seen, Token key, string owner, DeployDeclaration? deploy)
    {
        MarkSeen(seen, key.Text, key, owner);
        if (deploy is not null && key.Text == "default")
        {
            deploy.Default = ExpectBool(key, owner);
            return deploy.Default is not null;
        }

        if (Current.Kind == TokenKind.LeftBrace)
        {
            var nested = new JsonObject();
            var nestedSeen = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
            // Shortened: each level repeats its owner, so hostile long keys would otherwise cost quadratic memory.
            var nestedOwner = $"{Token.Shorten(key.Text)} of {owner}";
            var ok = ParseBody(nestedOwner, item => ParseSetting(nested, nestedSeen, item, nestedOwner, null));
            settings[key.Text] = nested;
            return ok;
        }

        var value = ExpectValue(key, owner);
        if (value is null)
        {
            return false;
        }

        settings[key.Text] = value;
        return true;
    }
}
