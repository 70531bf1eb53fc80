using System.Buffers;

namespace AgentSpec.Core.State;

/// <summary>
/// The arrays a held lock writes state images into. A commit of thousands of entries needs megabytes;
/// allocating them afresh for every commit costs more in garbage collection than the serialization
/// itself. So they are rented from the shared pool, passed back and forth between the current image
/// and the next one, and returned when the lock is released (nothing outside the lock refers to them:
/// commit results carry their own documents).
/// </summary>
internal sealed class StateImageBuffers
{
    private readonly List<byte[]> _rented = [];
    private byte[]? _spare;

    /// <summary>An array of at least <paramref name="minimumLength"/> bytes that nothing else uses.</summary>
    public byte[] Take(int minimumLength)
    {
        var spare = _spare;
        _spare = null;
        if (spare is not null && spare.Length >= minimumLength)
        {
            return spare;
        }

        var rented = ArrayPool<byte>.Shared.Rent(minimumLength);
        _rented.Add(rented);
        return rented;
    }

    /// <summary>Hands back an array no image uses any more, for the next <see cref="Take"/>.</summary>
    public void Recycle(byte[]? buffer)
    {
        if (buffer is not null && (_spare is null || buffer.Length > _spare.Length))
        {
            _spare = buffer;
        }
    }

    /// <summary>Returns every rented array to the pool. Only once no image of this lock is used any more.</summary>
    public void ReturnAll()
    {
        _spare = null;
        foreach (var buffer in _rented)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _rented.Clear();
    }
}
