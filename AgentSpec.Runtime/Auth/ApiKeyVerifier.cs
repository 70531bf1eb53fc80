using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace AgentSpec.Runtime.Auth;

/// <summary>
/// Compares presented API keys with the configured one in constant time. Both sides are hashed first,
/// so neither the content nor the length of the key leaks through timing.
/// </summary>
public sealed class ApiKeyVerifier
{
    private const int StackLimit = 512;
    private readonly byte[]? _expectedDigest;

    private ApiKeyVerifier(byte[]? expectedDigest)
    {
        _expectedDigest = expectedDigest;
    }

    /// <summary>True when no key is configured and anonymous access was allowed explicitly.</summary>
    public bool AllowsAnonymous => _expectedDigest is null;

    public static ApiKeyVerifier ForKey(string apiKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        return new ApiKeyVerifier(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));
    }

    public static ApiKeyVerifier Anonymous() => new(null);

    public bool Matches(ReadOnlySpan<char> presented)
    {
        if (_expectedDigest is null)
        {
            return true;
        }

        var byteCount = Encoding.UTF8.GetMaxByteCount(presented.Length);
        byte[]? rented = null;
        var buffer = byteCount <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(byteCount));
        try
        {
            var written = Encoding.UTF8.GetBytes(presented, buffer);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(buffer[..written], digest);
            return CryptographicOperations.FixedTimeEquals(digest, _expectedDigest);
        }
        finally
        {
            if (rented is not null)
            {
                CryptographicOperations.ZeroMemory(rented);
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
