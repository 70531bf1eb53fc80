using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentSpec.Core.Resources;

namespace AgentSpec.Core.State.Format;

/// <summary>
/// A document's top-level members in canonical JSON (<see cref="CanonicalJson"/>, the writer content hashes
/// use too), written once. The checksum covers these members without <c>checksum</c>; the file is the same
/// members with the checksum in its sorted place, on one line with a final newline (docs/state.md, 'Format "2"').
/// Only the serial can change afterwards, so a commit can compare checksums at the loaded serial and then
/// write the next serial without serialising the entries again.
/// </summary>
internal sealed class StateContent
{
    private const string ChecksumKey = "checksum";
    private const string SerialKey = "serial";

    private readonly SortedList<string, string> _members;

    private StateContent(SortedList<string, string> members) => _members = members;

    /// <summary>The content of <paramref name="document"/> as it is (its own checksum is ignored).</summary>
    public static StateContent Of(StateDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return Of(JsonSerializer.SerializeToElement(document, StateJsonContext.Default.StateDocument));
    }

    /// <summary>The content of a parsed state file's top-level object, without its checksum.</summary>
    public static StateContent Of(JsonElement root)
    {
        var members = new SortedList<string, string>(CanonicalJson.KeyOrder);
        foreach (var member in root.EnumerateObject())
        {
            if (member.Name != ChecksumKey)
            {
                members[member.Name] = CanonicalJson.Serialize(member.Value);
            }
        }

        return new StateContent(members);
    }

    public void SetSerial(long serial) => _members[SerialKey] = serial.ToString(CultureInfo.InvariantCulture);

    /// <summary><c>sha256:</c> + hex SHA-256 over the canonical JSON of the members.</summary>
    public string Checksum() => CanonicalJson.HashOf(Join(_members));

    /// <summary>The file: the members with <paramref name="checksum"/> in its sorted place, and a final newline.</summary>
    public byte[] ToFile(string checksum)
    {
        var sealedMembers = new SortedList<string, string>(_members, CanonicalJson.KeyOrder)
        {
            [ChecksumKey] = CanonicalJson.Serialize(JsonValue.Create(checksum)),
        };
        return Encoding.UTF8.GetBytes(Join(sealedMembers) + "\n");
    }

    private static string Join(SortedList<string, string> members)
    {
        var builder = new StringBuilder(members.Values.Sum(value => value.Length) + 64 + (members.Count * 16));
        builder.Append('{');
        foreach (var (key, value) in members)
        {
            if (builder.Length > 1)
            {
                builder.Append(',');
            }

            builder.Append(CanonicalJson.Serialize(JsonValue.Create(key))).Append(':').Append(value);
        }

        return builder.Append('}').ToString();
    }
}
