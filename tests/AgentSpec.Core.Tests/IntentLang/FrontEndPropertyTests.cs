using System.Text;
using AgentSpec.Core.IntentLang;
using AgentSpec.Testing;
using CsCheck;

namespace AgentSpec.Core.Tests.IntentLang;

/// <summary>
/// Whatever the input (random bytes, invalid UTF-8, token soups with hostile characters, deep nesting of every
/// nestable construct, very long lines, words and strings), the front end returns diagnostics and never throws
/// or crashes; every error sits at a position inside the file; and a package comes back exactly when there is
/// no error. Work stays bounded through bounded input sizes, iteration counts and the nesting limit; there is no
/// timing assertion.
/// </summary>
public sealed class FrontEndPropertyTests
{
    private const int Limit = IntentLangCompiler.MaxNestingDepth;

    private const string ValidPackage = """
        package "shop" version "0.1.0" lang "2.0"
        prompt "system" {
          content "You help customers. Prices: 5 € / £4"
          variables { customer string required  tone string default "warm" }
        }
        skill "lookup" {
          description "Looks up an order"
          input { id string required }
          tool http { url "http://orders/{id}" method "GET" headers { "X-Key" "k" } timeout "5s" }
        }
        agent "clerk" {
          uses prompt "system"
          uses skill "lookup"
          model "gpt-4o"
          temperature 0.5
        }
        environment "prod" {
          agent "clerk" { model "gpt-4o-mini" }
        }
        deploy "local" target "process" {
          port 8080
          health { path "/healthz" checks { interval "10s" } }
          regions ["eu", "us"]
        }
        """;

    private static readonly string[] Pieces =
    [
        "package \"p\" version \"0.1.0\" lang \"2.0\"\n", "agent", "prompt", "skill", "deploy", "environment", "secret", "server",
        "client", "tool", "http", "command", "mcp", "uses", "model", "content", "headers", "env", "target", "default", "true",
        "\"a\"", "\"unterminated", "'single'", "42", "-1.5e3", "1e999", "30s", "{", "}", "[", "]", "(", ")", ",", ".", ":", "=",
        "#", "//", "\\", "\\u12", "\\u202E", "\n", "\r\n", "\t", " ", "@", ";", "😀", "é", "\u0000", "\u202E", "\u2066", "\u2069",
        "\u200B", "\u200F", "\u3164", "\uFEFF", "\U000E0041", "\uFE0F", "\uD800", "\uDFFF", "\u2028",
    ];

    /// <summary>Places where a nested group can go; <c>@</c> is replaced by the nesting.</summary>
    private const string DeployBody = "deploy \"d\" target \"process\" { @ }";

    private static readonly string[] NestingPlaces =
    [
        "@",
        "agent \"a\" { model @ }",
        "agent \"a\" { memory @ }",
        "agent \"a\" { models @ }",
        "prompt \"p\" { variables @ }",
        "skill \"s\" { input @ }",
        "skill \"s\" { tool command { env @ } }",
        "skill \"s\" { tool http { headers @ } }",
        "secret \"k\" { env@ }",
        "environment \"e\" { agent \"a\" @ }",
        "server \"v\" { args @ }",
        DeployBody,
        "deploy \"d\" target \"process\" { s @ }",
        "deploy \"d\" target \"process\" { s [@] }",
        "pipeline \"p\" @",
    ];

    private static readonly (string Open, string Close)[] Nesters =
    [
        ("{", "}"), ("[", "]"), ("(", ")"), ("s { ", " }"), ("s [", "]"), ("{\n", "\n}"), ("\"x\" { ", " }"),
    ];

    private static readonly Gen<byte[]> HostileBytes = Gen.OneOf(
        Gen.Byte.Array[0, 400],
        Gen.Select(Gen.Double[0, 1], Gen.Byte.Array[1, 6], Gen.Int[0, 8]).Select(edit =>
        {
            var valid = Encoding.UTF8.GetBytes(ValidPackage);
            var at = (int)(edit.Item1 * valid.Length);
            var kept = valid.Take(at).Concat(edit.Item2).Concat(valid.Skip(Math.Min(valid.Length, at + edit.Item3)));
            return kept.ToArray();
        }));

    [Fact]
    public async Task Random_bytes_and_damaged_files_never_crash_and_every_error_is_positioned()
    {
        using var directory = new TempDirectory();
        var count = 0;
        await HostileBytes.SampleAsync(
            async bytes =>
            {
                var path = directory.File($"input-{Interlocked.Increment(ref count)}.ias");
                await File.WriteAllBytesAsync(path, bytes);

                var result = await IntentLangCompiler.CompileAsync(path);

                var lines = bytes.Count(b => b == (byte)'\n') + 1;
                AssertPositioned(result, path, lines, lineLength: null);
            },
            iter: 400);
    }

    [Fact]
    public void Token_soups_with_hostile_characters_never_crash_and_every_error_is_positioned()
    {
        Gen.Select(Gen.OneOf(Pieces).Array[0, 150], Gen.Bool).Sample(
            (pieces, spaced) =>
            {
                var text = string.Join(spaced ? " " : string.Empty, pieces);

                var result = IntentLangCompiler.Compile("soup.ias", text);

                var lines = text.Split('\n');
                AssertPositioned(result, "soup.ias", lines.Length, line => lines[line - 1].Length);
            },
            iter: 1500);
    }

    [Fact]
    public void Deep_nesting_of_every_nestable_construct_stays_bounded()
    {
        // Half the depths hover around the limit, half go far beyond it.
        var depths = Gen.OneOf(Gen.Int[0, 3 * Limit], Gen.Int[0, 20_000]);
        Gen.Select(Gen.Int[0, NestingPlaces.Length - 1], Gen.Int[0, Nesters.Length - 1], depths, Gen.Bool).Sample(
            (place, nester, depth, closed) =>
            {
                var (open, close) = Nesters[nester];
                var nesting = new StringBuilder(depth * (open.Length + close.Length));
                nesting.Insert(0, open, depth);
                if (closed)
                {
                    nesting.Insert(nesting.Length, close, depth);
                }

                var text = Source.Header + NestingPlaces[place].Replace("@", nesting.ToString(), StringComparison.Ordinal) + "\n";

                var result = IntentLangCompiler.Compile("deep.ias", text);

                var lines = text.Split('\n');
                AssertPositioned(result, "deep.ias", lines.Length, line => lines[line - 1].Length);
                Assert.True(result.Diagnostics.Count <= (2 * Limit) + 8, $"{result.Diagnostics.Count} diagnostics for depth {depth} in {NestingPlaces[place]} with {open}");
                if (NestingPlaces[place] == DeployBody && open.StartsWith("s {", StringComparison.Ordinal) && depth >= Limit)
                {
                    Assert.Contains(result.Errors, e => e.Message == $"blocks are nested more than {Limit} levels deep");
                }
            },
            iter: 300);
    }

    [Fact]
    public void Very_long_lines_words_and_strings_are_handled_and_kept_whole()
    {
        Gen.Select(Gen.Int[1, 20_000], Gen.Int[0, 3], Gen.Char['a', 'z']).Sample(
            (length, shape, letter) =>
            {
                var longWord = new string(letter, length);
                var text = Source.Header + shape switch
                {
                    0 => $"prompt \"p\" {{ content \"{longWord}\" }}\n",
                    1 => $"prompt \"{longWord}\" {{ content \"c\" }}\nagent \"a\" {{ model \"m\" uses prompt \"{longWord}x\" }}\n",
                    2 => $"agent \"a\" {{ model \"m\" {longWord} \"v\" }}\n",
                    _ => $"deploy \"d\" target \"process\" {{ {longWord} {{ {longWord} {{ {longWord} 1 }} }} {string.Concat(Enumerable.Repeat("k ", length / 2))} }}\n",
                };

                var result = IntentLangCompiler.Compile("long.ias", text);

                var lines = text.Split('\n');
                AssertPositioned(result, "long.ias", lines.Length, line => lines[line - 1].Length);
                if (shape == 0)
                {
                    Assert.Equal(longWord, result.Package!.Resources.Single().Attributes["content"]!.GetValue<string>());
                }

                Assert.All(result.Diagnostics, d => Assert.True(d.Message.Length < (3 * length) + 400, "a message repeats a long word more than a few times"));
            },
            iter: 60);
    }

    private static void AssertPositioned(CompilationResult result, string file, int lines, Func<int, int>? lineLength)
    {
        foreach (var diagnostic in result.Diagnostics)
        {
            Assert.Equal(file, diagnostic.File);
            Assert.InRange(diagnostic.Line, 1, lines);
            Assert.InRange(diagnostic.Column, 1, lineLength is null ? int.MaxValue : lineLength(diagnostic.Line) + 1);
            Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message));
        }

        Assert.Equal(result.HasErrors, result.Package is null);
    }
}
