using System.Security.Cryptography;

namespace AgentSpec.Core.State;

/// <summary>
/// SHA-256 states part way through the hashed content of one <see cref="StateImage"/>, taken every
/// <see cref="Interval"/> bytes after the checksum member. The next commit under the same lock resumes
/// hashing from the last state in front of its first changed byte (found by comparing the bytes, never
/// assumed), so the unchanged part of a large state is not hashed again. SHA-256 reads its input strictly
/// in order, so the digest is exactly the one of hashing the whole content.
/// </summary>
internal sealed class StateHashCheckpoints : IDisposable
{
    public const int Interval = 128 * 1024;

    private readonly List<(int Offset, IncrementalHash State)> _states = [];

    /// <summary>The states, by ascending offset (bytes hashed after the checksum member).</summary>
    public IReadOnlyList<(int Offset, IncrementalHash State)> States => _states;

    /// <summary>Keeps <paramref name="state"/> (this object now owns it).</summary>
    public void Add(int offset, IncrementalHash state) => _states.Add((offset, state));

    public void Dispose()
    {
        foreach (var (_, state) in _states)
        {
            state.Dispose();
        }

        _states.Clear();
    }
}
