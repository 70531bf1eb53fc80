using System.Buffers.Text;
using System.Security.Cryptography;

namespace AgentSpec.Core.Sessions;

/// <summary>Session ids: <c>sess_</c> + base64url of 16 random bytes. Validated before any key is built from one.</summary>
public static class SessionId
{
    public const string Prefix = "sess_";
    private const int RandomBytes = 16;
    private const int EncodedLength = 22; // base64url of 16 bytes, unpadded

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(bytes);
        return Prefix + Base64Url.EncodeToString(bytes);
    }

    public static bool IsValid(string? id)
    {
        if (id is null || id.Length != Prefix.Length + EncodedLength || !id.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in id.AsSpan(Prefix.Length))
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
