using System.Globalization;
using System.Text;
using CsCheck;

namespace AgentSpec.Core.Tests.IntentLang;

/// <summary>
/// A random but valid IntentLang package as a tree of words, so that it can be rendered with any
/// layout (whitespace, comments, attribute order, string escapes, number spelling) and so that any one
/// attribute value can be changed while everything else stays the same.
/// </summary>
internal sealed record GeneratedPackage(IReadOnlyList<GeneratedPackage.Declaration> Declarations)
{
    public const string PackageName = "gen";

    public abstract record Word;

    /// <summary>A bare word (keyword, identifier, punctuation). With options it is a value that may change to another option.</summary>
    public sealed record Bare(string Text, string[]? Options = null) : Word;

    /// <summary>A string literal: fixed (names, references), one of several options, or free text.</summary>
    public sealed record Quoted(string Value, bool Mutable = true, string[]? Options = null) : Word;

    public sealed record Whole(long Value) : Word;

    public sealed record Fraction(double Value) : Word;

    public sealed record Flag(bool Value) : Word;

    /// <summary>One attribute line; items of the same order group keep their relative order when a layout shuffles a block.</summary>
    public sealed record Item(IReadOnlyList<Word> Words, IReadOnlyList<Item>? Block = null, string? OrderGroup = null);

    /// <summary>A top-level block; <see cref="Fqn"/> is null for deploy targets (not resources).</summary>
    public sealed record Declaration(string? Fqn, IReadOnlyList<Word> Header, IReadOnlyList<Item> Body);

    /// <summary>Where a changeable value sits: declaration, path of item indexes, word index.</summary>
    public sealed record ValuePath(int Declaration, IReadOnlyList<int> Items, int Word);

    private static readonly string[] TextAtoms =
        ["a", "b", "Z", "q", "0", "7", " ", "é", "😀", "\"", "\\", "\n", "\t", "#", "//", "{", "}", "<", ">", "&", "\u2028", "ß"];

    private static readonly string[] Strategies = ["react", "plan-and-execute", "reflexion", "router", "map-reduce"];
    private static readonly string[] OnError = ["retry", "fail"];
    private static readonly string[] Durations = ["30s", "45s", "1m", "2h30m", "500ms"];
    private static readonly string[] MemoryStrategies = ["sliding_window", "summary"];
    private static readonly string[] FieldTypes = ["string", "number", "boolean"];
    private static readonly string[] EnvironmentNames = ["API_KEY", "TOKEN", "DB_PASSWORD"];
    private static readonly double[] Temperatures = [0, 0.1, 0.25, 0.5, 0.7, 1, 1.5, 2];

    public static Gen<GeneratedPackage> Generator { get; } =
        Gen.Select(Gen.Int[1, 3], Gen.Int[1, 3], Gen.Int[1, 3], Gen.Int[0, 2], Gen.Int[0, 2], Gen.Bool, Gen.Bool)
            .SelectMany(counts =>
            {
                var (prompts, skills, agents, secrets, environments, withServer, withDeploy) = counts;
                var promptGens = Enumerable.Range(0, prompts).Select(PromptGen);
                var skillGens = Enumerable.Range(0, skills).Select(SkillGen);
                var secretGens = Enumerable.Range(0, secrets).Select(SecretGen);
                var serverGens = withServer ? [ServerGen(secrets, skills), ClientGen()] : Array.Empty<Gen<Declaration>>();
                var agentGens = Enumerable.Range(0, agents).Select(i => AgentGen(i, prompts, skills, agents, withServer));
                var environmentGens = Enumerable.Range(0, environments).Select(i => EnvironmentGen(i, agents));
                var deployGens = withDeploy ? [DeployGen()] : Array.Empty<Gen<Declaration>>();
                var all = promptGens.Concat(skillGens).Concat(secretGens).Concat(serverGens).Concat(agentGens).Concat(environmentGens).Concat(deployGens).ToArray();
                return Sequence(all).Select(declarations => new GeneratedPackage(declarations));
            });

    private static Gen<Declaration[]> Sequence(Gen<Declaration>[] gens) =>
        gens.Aggregate(
            Gen.Const(Array.Empty<Declaration>()),
            (acc, next) => acc.SelectMany(list => next.Select(item => list.Append(item).ToArray())));

    private static readonly Gen<string> FreeText =
        Gen.Select(Gen.OneOf("A", "b", "Hello", "x"), Gen.OneOf(TextAtoms).Array[0, 8])
            .Select((first, rest) => first + string.Concat(rest));

    private static Item Attribute(string keyword, Word value, string? group = null) => new([new Bare(keyword), value], null, group);

    private static Declaration Resource(string keyword, string kind, string name, IEnumerable<Item> body) =>
        new($"{PackageName}/{kind}/{name}", [new Bare(keyword), new Quoted(name, Mutable: false)], body.ToList());

    private static Gen<Declaration> PromptGen(int index) =>
        Gen.Select(FreeText, Gen.Bool, FreeText).Select((content, hasVersion, version) =>
        {
            var body = new List<Item> { Attribute("content", new Quoted(content)) };
            if (hasVersion)
            {
                body.Add(Attribute("version", new Quoted(version)));
            }

            return Resource("prompt", "Prompt", $"prompt-{index}", body);
        });

    private static Gen<Item> FieldsGen(string keyword) =>
        Gen.Select(Gen.OneOf(FieldTypes), Gen.Bool).Array[1, 3].Select(fields => new Item(
            [new Bare(keyword)],
            fields.Select((field, i) =>
            {
                var name = $"{keyword[0]}{i}";
                var words = new List<Word> { new Bare(name, [name, name + "x"]), new Bare(field.Item1, FieldTypes) };
                if (field.Item2)
                {
                    words.Add(new Bare("required"));
                }

                return new Item(words, null, "field");
            }).ToList()));

    private static Gen<Item> ToolGen() =>
        Gen.OneOf(
            Gen.Select(FreeText, FreeText.Array[0, 2], Gen.Bool, Gen.OneOf(Durations)).Select((binary, args, hasTimeout, timeout) =>
            {
                var block = new List<Item> { Attribute("binary", new Quoted(binary)) };
                if (args.Length > 0)
                {
                    var words = new List<Word> { new Bare("args"), new Bare("[") };
                    words.AddRange(args.SelectMany((arg, i) => i == 0 ? new Word[] { new Quoted(arg) } : [new Bare(","), new Quoted(arg)]));
                    words.Add(new Bare("]"));
                    block.Add(new Item(words));
                }

                if (hasTimeout)
                {
                    block.Add(Attribute("timeout", new Quoted(timeout, Options: Durations)));
                }

                return new Item([new Bare("tool"), new Bare("command")], block);
            }),
            Gen.Select(FreeText, Gen.OneOf("GET", "POST")).Select((url, method) => new Item(
                [new Bare("tool"), new Bare("http")],
                [Attribute("url", new Quoted(url)), Attribute("method", new Quoted(method, Options: ["GET", "POST", "PUT"]))])),
            Gen.Select(FreeText, FreeText).Select((language, code) => new Item(
                [new Bare("tool"), new Bare("inline")],
                [Attribute("language", new Quoted(language)), Attribute("code", new Quoted(code))])));

    private static Gen<Declaration> SkillGen(int index) =>
        Gen.Select(FreeText, Gen.Bool, FieldsGen("input"), Gen.Bool, FieldsGen("output"), ToolGen())
            .Select((description, hasInput, input, hasOutput, output, tool) =>
            {
                var body = new List<Item> { Attribute("description", new Quoted(description)) };
                if (hasInput)
                {
                    body.Add(input);
                }

                if (hasOutput)
                {
                    body.Add(output);
                }

                body.Add(tool);
                return Resource("skill", "Skill", $"skill-{index}", body);
            });

    private static Gen<Declaration> SecretGen(int index) =>
        Gen.Select(Gen.OneOf(EnvironmentNames), Gen.Bool).Select((variable, store) => Resource(
            "secret",
            "Secret",
            $"secret-{index}",
            [store
                ? new Item([new Bare("store"), new Bare("("), new Quoted("vault/" + variable), new Bare(")")])
                : new Item([new Bare("env"), new Bare("("), new Bare(variable, EnvironmentNames), new Bare(")")])]));

    private static Gen<Declaration> ServerGen(int secrets, int skills) =>
        FreeText.Select(command =>
        {
            var body = new List<Item>
            {
                Attribute("transport", new Quoted("stdio", Mutable: false)),
                Attribute("command", new Quoted(command)),
            };
            if (secrets > 0)
            {
                body.Add(Attribute("auth", new Quoted("secret-0", Mutable: false)));
            }

            body.AddRange(Enumerable.Range(0, skills).Select(i =>
                new Item([new Bare("exposes"), new Bare("skill"), new Quoted($"skill-{i}", Mutable: false)], null, "exposes")));
            return Resource("server", "MCPServer", "server-0", body);
        });

    private static Gen<Declaration> ClientGen() =>
        Gen.Const(Resource("client", "MCPClient", "client-0", [new Item([new Bare("connects"), new Bare("to"), new Bare("server"), new Quoted("server-0", Mutable: false)])]));

    private static Gen<Declaration> AgentGen(int index, int prompts, int skills, int agents, bool withClient) =>
        Gen.Select(
                Gen.Int[0, prompts - 1],
                Gen.Int[0, skills],
                FreeText,
                Gen.Select(Gen.Bool, Gen.OneOf(Strategies), Gen.Long[1, 50], Gen.OneOf(Durations)),
                Gen.Select(Gen.Long[1, 100_000], Gen.OneOf(Temperatures), Gen.Bool, Gen.OneOf(OnError)),
                Gen.Select(Gen.Long[1, 5], Gen.OneOf(MemoryStrategies), Gen.Long[1, 200], FreeText),
                Gen.Bool.Array[7])
            .Select((prompt, skillCount, model, a, b, c, include) =>
            {
                var body = new List<Item>
                {
                    new([new Bare("uses"), new Bare("prompt"), new Quoted($"prompt-{prompt}", Mutable: false)]),
                    Attribute("model", new Quoted(model)),
                };
                body.AddRange(Enumerable.Range(0, skillCount).Select(i =>
                    new Item([new Bare("uses"), new Bare("skill"), new Quoted($"skill-{i}", Mutable: false)], null, "uses skill")));
                if (include[0])
                {
                    body.Add(Attribute("strategy", new Quoted(a.Item2, Options: Strategies)));
                    body.Add(Attribute("max_turns", new Whole(a.Item3)));
                }

                if (include[1])
                {
                    body.Add(Attribute("timeout", new Quoted(a.Item4, Options: Durations)));
                    body.Add(Attribute("token_budget", new Whole(b.Item1)));
                }

                if (include[2])
                {
                    body.Add(Attribute("temperature", new Fraction(b.Item2)));
                    body.Add(Attribute("stream", new Flag(b.Item3)));
                }

                if (include[3])
                {
                    body.Add(Attribute("on_error", new Quoted(b.Item4, Options: OnError)));
                    body.Add(Attribute("max_retries", new Whole(c.Item1)));
                }

                if (include[4])
                {
                    body.Add(new Item(
                        [new Bare("memory")],
                        [Attribute("strategy", new Quoted(c.Item2, Options: MemoryStrategies)), Attribute("max_messages", new Whole(c.Item3))]));
                }

                if (include[5] && agents > 1)
                {
                    var other = (index + 1) % agents;
                    body.Add(new Item(
                        [new Bare("delegate"), new Bare("to"), new Bare("agent"), new Quoted($"agent-{other}", Mutable: false), new Bare("when"), new Quoted(c.Item4)],
                        null,
                        "delegate"));
                }

                if (include[6] && withClient)
                {
                    body.Add(new Item([new Bare("connects"), new Bare("to"), new Bare("client"), new Quoted("client-0", Mutable: false)]));
                }

                return Resource("agent", "Agent", $"agent-{index}", body);
            });

    private static Gen<Declaration> EnvironmentGen(int index, int agents) =>
        Gen.Select(Gen.Int[0, agents - 1], FreeText, Gen.OneOf(Temperatures)).Select((agent, model, temperature) => Resource(
            "environment",
            "Environment",
            $"env-{index}",
            [new Item(
                [new Bare("agent"), new Quoted($"agent-{agent}", Mutable: false)],
                [
                    new Item([new Bare("model"), new Quoted(model)], null, "override"),
                    new Item([new Bare("temperature"), new Fraction(temperature)], null, "override"),
                ])]));

    private static Gen<Declaration> DeployGen() =>
        Gen.Select(Gen.Long[1, 65535], FreeText).Select((port, path) => new Declaration(
            null,
            [new Bare("deploy"), new Quoted("local", Mutable: false), new Bare("target"), new Quoted("process", Mutable: false)],
            [
                Attribute("default", new Flag(true)),
                Attribute("port", new Whole(port)),
                new Item([new Bare("health")], [Attribute("path", new Quoted(path))]),
            ]));

    /// <summary>Every value of a resource that can be changed to another valid value.</summary>
    public IReadOnlyList<ValuePath> ChangeableValues()
    {
        var paths = new List<ValuePath>();
        for (var d = 0; d < Declarations.Count; d++)
        {
            if (Declarations[d].Fqn is not null)
            {
                Collect(d, [], Declarations[d].Body, paths);
            }
        }

        return paths;
    }

    private static void Collect(int declaration, List<int> prefix, IReadOnlyList<Item> items, List<ValuePath> paths)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var path = new List<int>(prefix) { i };
            for (var w = 0; w < items[i].Words.Count; w++)
            {
                if (IsChangeable(items[i].Words[w]))
                {
                    paths.Add(new ValuePath(declaration, path, w));
                }
            }

            if (items[i].Block is { } block)
            {
                Collect(declaration, path, block, paths);
            }
        }
    }

    private static bool IsChangeable(Word word) => word switch
    {
        Bare bare => bare.Options is not null,
        Quoted quoted => quoted.Mutable,
        _ => true,
    };

    /// <summary>The same package with one value changed to a different valid value.</summary>
    public GeneratedPackage WithChanged(ValuePath path)
    {
        var declarations = Declarations.ToList();
        var target = declarations[path.Declaration];
        declarations[path.Declaration] = target with { Body = Replace(target.Body, path.Items, 0, path.Word) };
        return new GeneratedPackage(declarations);
    }

    private static List<Item> Replace(IReadOnlyList<Item> items, IReadOnlyList<int> path, int depth, int wordIndex)
    {
        var copy = items.ToList();
        var item = copy[path[depth]];
        if (depth < path.Count - 1)
        {
            copy[path[depth]] = item with { Block = Replace(item.Block!, path, depth + 1, wordIndex) };
            return copy;
        }

        var words = item.Words.ToList();
        words[wordIndex] = Change(words[wordIndex]);
        copy[path[depth]] = item with { Words = words };
        return copy;
    }

    private static Word Change(Word word) => word switch
    {
        Bare { Options: { } options } bare => bare with { Text = Next(options, bare.Text) },
        Quoted { Options: { } options } quoted => quoted with { Value = Next(options, quoted.Value) },
        Quoted quoted => quoted with { Value = quoted.Value + "x" },
        Whole whole => whole with { Value = whole.Value + 1 },
        Fraction fraction => fraction with { Value = Temperatures[(Array.IndexOf(Temperatures, fraction.Value) + 1) % Temperatures.Length] },
        Flag flag => flag with { Value = !flag.Value },
        _ => throw new InvalidOperationException($"{word} cannot change"),
    };

    private static string Next(string[] options, string current) => options[(Array.IndexOf(options, current) + 1) % options.Length];

    /// <summary>The one canonical layout: two-space indent, one attribute per line, as generated.</summary>
    public string Render() => new Renderer(null).Render(this);

    /// <summary>A random layout of the same package, chosen by <paramref name="seed"/>.</summary>
    public string Render(int seed) => new Renderer(new Random(seed)).Render(this);

    private sealed class Renderer(Random? random)
    {
        private static readonly string[] WordSeparators = [" ", "  ", "\t", " \t "];
        private static readonly string[] Comments = ["# a comment", "// another one", "#", "// with \"quotes\" and { braces }", "# agent \"fake\" { model \"x\" }"];
        private readonly StringBuilder _text = new();

        public string Render(GeneratedPackage package)
        {
            Separator(atStart: true);
            _text.Append("package").Append(WordSeparator()).Append("\"gen\"").Append(WordSeparator())
                .Append("version").Append(WordSeparator()).Append("\"0.1.0\"").Append(WordSeparator())
                .Append("lang").Append(WordSeparator()).Append("\"2.0\"");
            var declarations = random is null ? package.Declarations.ToList() : package.Declarations.OrderBy(_ => random.Next()).ToList();
            foreach (var declaration in declarations)
            {
                Separator(atStart: false, depth: 0, forceNewLine: true);
                Words(declaration.Header);
                Block(declaration.Body, 1);
            }

            _text.Append('\n');
            return _text.ToString();
        }

        private void Block(IReadOnlyList<Item> items, int depth)
        {
            _text.Append(WordSeparator()).Append('{');
            foreach (var item in Order(items))
            {
                Separator(atStart: false, depth);
                Words(item.Words);
                if (item.Block is not null)
                {
                    Block(item.Block, depth + 1);
                }
            }

            Separator(atStart: false, depth - 1);
            _text.Append('}');
        }

        /// <summary>Shuffles a block, but items of one order group keep their relative order (they form lists).</summary>
        private List<Item> Order(IReadOnlyList<Item> items)
        {
            if (random is null)
            {
                return items.ToList();
            }

            var shuffled = items.OrderBy(_ => random.Next()).ToList();
            foreach (var group in items.Where(i => i.OrderGroup is not null).GroupBy(i => i.OrderGroup))
            {
                var slots = shuffled.Select((item, index) => (item, index)).Where(x => x.item.OrderGroup == group.Key).Select(x => x.index).ToList();
                var inOrder = group.ToList();
                for (var k = 0; k < slots.Count; k++)
                {
                    shuffled[slots[k]] = inOrder[k];
                }
            }

            return shuffled;
        }

        private void Words(IReadOnlyList<Word> words)
        {
            for (var i = 0; i < words.Count; i++)
            {
                if (i > 0)
                {
                    _text.Append(WordSeparator());
                }

                _text.Append(words[i] switch
                {
                    Bare bare => bare.Text,
                    Quoted quoted => Literal(quoted.Value),
                    Whole whole => whole.Value.ToString(CultureInfo.InvariantCulture),
                    Fraction fraction => Number(fraction.Value),
                    Flag flag => flag.Value ? "true" : "false",
                    _ => throw new InvalidOperationException(),
                });
            }
        }

        private string WordSeparator() => random is null ? " " : WordSeparators[random.Next(WordSeparators.Length)];

        /// <summary>Whitespace, blank lines and comments between items; sometimes items share a line.</summary>
        private void Separator(bool atStart, int depth = 0, bool forceNewLine = false)
        {
            if (random is null)
            {
                if (!atStart)
                {
                    _text.Append('\n').Append(' ', depth * 2);
                }

                return;
            }

            if (!atStart && !forceNewLine && random.Next(4) == 0)
            {
                _text.Append(WordSeparator());
                return;
            }

            if (!atStart && random.Next(3) == 0)
            {
                _text.Append(WordSeparator()).Append(Comments[random.Next(Comments.Length)]);
            }

            var lines = random.Next(1, 3);
            for (var l = 0; l < lines; l++)
            {
                _text.Append(random.Next(5) == 0 ? "\r\n" : "\n");
                if (random.Next(4) == 0)
                {
                    _text.Append(Indent()).Append(Comments[random.Next(Comments.Length)]).Append('\n');
                }
            }

            _text.Append(Indent());
        }

        private string Indent() => random!.Next(4) switch
        {
            0 => string.Empty,
            1 => "\t",
            2 => "    ",
            _ => new string(' ', random.Next(1, 9)),
        };

        private string Number(double value)
        {
            var shortest = value.ToString("R", CultureInfo.InvariantCulture);
            if (random is null)
            {
                return shortest;
            }

            return random.Next(3) switch
            {
                0 => shortest,
                1 => shortest.Contains('.', StringComparison.Ordinal) ? shortest + "0" : shortest + ".0",
                _ => value.ToString("0.0##e0", CultureInfo.InvariantCulture),
            };
        }

        private string Literal(string value)
        {
            var literal = new StringBuilder(value.Length + 2).Append('"');
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                var choice = random?.Next(3) ?? 0;
                switch (c)
                {
                    case '"':
                        literal.Append(choice == 0 ? "\\\"" : Escape(c));
                        break;
                    case '\\':
                        literal.Append(choice == 0 ? "\\\\" : Escape(c));
                        break;
                    case '\n':
                        literal.Append(choice switch { 0 => "\\n", 1 => "\n", _ => Escape(c) });
                        break;
                    case '\t':
                        literal.Append(choice switch { 0 => "\\t", 1 => "\t", _ => Escape(c) });
                        break;
                    default:
                        // A surrogate pair is escaped whole or written whole: half of it raw is not Unicode text
                        // (no UTF-8 file can hold it), and the compiler rejects it.
                        var units = char.IsHighSurrogate(c) && i + 1 < value.Length ? value.Substring(i++, 2) : c.ToString();
                        if (choice == 2 && random!.Next(3) == 0)
                        {
                            literal.Append(string.Concat(units.Select(Escape)));
                        }
                        else
                        {
                            literal.Append(units);
                        }

                        break;
                }
            }

            return literal.Append('"').ToString();
        }

        private string Escape(char c)
        {
            var hex = ((int)c).ToString(random?.Next(2) == 0 ? "x4" : "X4", CultureInfo.InvariantCulture);
            return "\\u" + hex;
        }
    }
}
