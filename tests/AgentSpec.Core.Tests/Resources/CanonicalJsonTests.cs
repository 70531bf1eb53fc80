using System.Text.Json.Nodes;
using AgentSpec.Core.Resources;
using AgentSpec.Testing;

namespace AgentSpec.Core.Tests.Resources;

public sealed class CanonicalJsonTests
{
    public static TheoryData<string, string, string> Vectors()
    {
        var data = new TheoryData<string, string, string>();
        var root = JsonNode.Parse(File.ReadAllText(TestCorpus.HashVectors))!;
        foreach (var vector in root["vectors"]!.AsArray())
        {
            data.Add(vector!["name"]!.GetValue<string>(), vector["canonical"]!.GetValue<string>(), vector["hash"]!.GetValue<string>());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Every_fixture_vector_round_trips_to_the_same_bytes_and_hash(string name, string canonical, string hash)
    {
        var reserialized = CanonicalJson.Serialize(JsonNode.Parse(canonical));

        Assert.True(canonical == reserialized, $"{name}: expected {canonical} but got {reserialized}");
        Assert.Equal(hash, CanonicalJson.HashOf(canonical));
        Assert.Equal(hash, CanonicalJson.Hash(JsonNode.Parse(canonical)));
    }

    [Fact]
    public void Keys_are_sorted_at_every_depth_and_whitespace_is_dropped()
    {
        var node = JsonNode.Parse("""{ "b": { "z": 1, "a": [ { "y": true, "x": null } ] }, "a": "v" }""");

        Assert.Equal("""{"a":"v","b":{"a":[{"x":null,"y":true}],"z":1}}""", CanonicalJson.Serialize(node));
    }

    [Theory]
    [InlineData(0.7, "0.7")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(1e-6, "0.000001")]
    [InlineData(123456789.0, "123456789")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(2.5e-10, "2.5e-10")]
    public void Floats_use_the_original_tools_format(double value, string expected) =>
        Assert.Equal(expected, CanonicalJson.FormatFloat(value));

    [Fact]
    public void Html_sensitive_and_control_characters_are_escaped_like_go()
    {
        var node = new JsonObject { ["s"] = "<a&b>\u2028\u2029\n\t\u0001\"\\é" };

        Assert.Equal("{\"s\":\"\\u003ca\\u0026b\\u003e\\u2028\\u2029\\n\\t\\u0001\\\"\\\\é\"}", CanonicalJson.Serialize(node));
    }
}
