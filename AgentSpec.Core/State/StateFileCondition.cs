using System.Text.Json.Serialization;

namespace AgentSpec.Core.State;

/// <summary>What <c>state verify</c> and <c>state status</c> found at a state file's path.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StateFileCondition>))]
public enum StateFileCondition
{
    [JsonStringEnumMemberName("missing")]
    Missing,

    [JsonStringEnumMemberName("valid")]
    Valid,

    /// <summary>Broken (JSON, schema or checksum): needs recovery.</summary>
    [JsonStringEnumMemberName("damaged")]
    Damaged,

    /// <summary>Written by a newer AgentSpec: not damage; this version leaves it untouched.</summary>
    [JsonStringEnumMemberName("newer_format")]
    NewerFormat,

    /// <summary>A symbolic link, a directory or another non-regular file: a configuration problem, not damage.</summary>
    [JsonStringEnumMemberName("not_a_regular_file")]
    NotARegularFile,
}
