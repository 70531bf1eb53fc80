using AgentSpec.Core.IntentLang;
using CsCheck;

namespace AgentSpec.Core.Tests.IntentLang;

/// <summary>
/// Content hashes depend on what a package says, never on how it is written: whitespace, line endings,
/// comments, the order of attributes inside a block (lists keep their order), the order of declarations,
/// string escapes and number spelling. Changing any single attribute value changes exactly that
/// resource's hash.
/// </summary>
public sealed class HashPropertyTests
{
    private const int Iterations = 300;

    private static Dictionary<string, string> Hashes(string text)
    {
        var result = IntentLangCompiler.Compile("generated.ias", text);
        Assert.True(!result.HasErrors, string.Join("\n", result.Diagnostics) + "\n--- source ---\n" + text);
        return result.Package!.Resources.ToDictionary(r => r.Fqn, r => r.Hash);
    }

    [Fact]
    public void Formatting_never_changes_a_hash()
    {
        Gen.Select(GeneratedPackage.Generator, Gen.Int).Sample(
            (package, layout) =>
            {
                var canonical = Hashes(package.Render());
                var reformatted = Hashes(package.Render(layout));

                Assert.Equal(canonical.Count, package.Declarations.Count(d => d.Fqn is not null));
                Assert.Equal(canonical.OrderBy(p => p.Key, StringComparer.Ordinal), reformatted.OrderBy(p => p.Key, StringComparer.Ordinal));
            },
            iter: Iterations);
    }

    [Fact]
    public void Changing_any_one_value_changes_exactly_that_resources_hash()
    {
        Gen.Select(GeneratedPackage.Generator, Gen.Int[0, int.MaxValue], Gen.Int).Sample(
            (package, pick, layout) =>
            {
                var values = package.ChangeableValues();
                var path = values[pick % values.Count];
                var changedFqn = package.Declarations[path.Declaration].Fqn!;

                var before = Hashes(package.Render());
                var after = Hashes(package.WithChanged(path).Render(layout));

                Assert.Equal(before.Keys.Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
                foreach (var (fqn, hash) in before)
                {
                    if (fqn == changedFqn)
                    {
                        Assert.NotEqual(hash, after[fqn]);
                    }
                    else
                    {
                        Assert.Equal(hash, after[fqn]);
                    }
                }
            },
            iter: Iterations);
    }

    [Fact]
    public void Every_value_of_a_package_is_covered_by_the_change_test()
    {
        // Walk every changeable value of a few packages, not just a random one.
        GeneratedPackage.Generator.Sample(
            package =>
            {
                var before = Hashes(package.Render());
                foreach (var path in package.ChangeableValues())
                {
                    var fqn = package.Declarations[path.Declaration].Fqn!;
                    Assert.NotEqual(before[fqn], Hashes(package.WithChanged(path).Render())[fqn]);
                }
            },
            iter: 40);
    }
}
