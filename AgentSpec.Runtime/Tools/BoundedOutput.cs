namespace AgentSpec.Runtime.Tools;

/// <summary>Reads a tool's output up to a cap, so a runaway tool cannot fill the runtime's memory.</summary>
internal static class BoundedOutput
{
    /// <returns>The bytes read (at most <paramref name="maxBytes"/>) and whether the stream had more.</returns>
    public static async Task<(byte[] Data, bool Overflowed)> ReadAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(maxBytes + 1, 16 * 1024)];
        using var output = new MemoryStream();
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return (output.ToArray(), false);
            }

            output.Write(buffer, 0, read);
            if (output.Length > maxBytes)
            {
                return (output.ToArray()[..maxBytes], true);
            }
        }
    }
}
