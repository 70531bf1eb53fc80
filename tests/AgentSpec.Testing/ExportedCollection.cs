using System.Collections;

namespace AgentSpec.Testing;

/// <summary>
/// A collection for OpenTelemetry's in-memory exporters that tests can read while the host still runs.
/// </summary>
/// <remarks>
/// Activity and meter listeners are process-wide and tests run in parallel, so a span of another test's host
/// can be exported into this collection at any moment; a plain <see cref="List{T}"/> then fails the reader with
/// "Collection was modified". Writes take a lock and readers enumerate a copy.
/// </remarks>
public sealed class ExportedCollection<T> : ICollection<T>, IReadOnlyCollection<T>
{
    private readonly List<T> _items = [];

    public int Count
    {
        get
        {
            lock (_items)
            {
                return _items.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public void Add(T item)
    {
        lock (_items)
        {
            _items.Add(item);
        }
    }

    public void Clear()
    {
        lock (_items)
        {
            _items.Clear();
        }
    }

    public bool Contains(T item)
    {
        lock (_items)
        {
            return _items.Contains(item);
        }
    }

    public void CopyTo(T[] array, int arrayIndex)
    {
        lock (_items)
        {
            _items.CopyTo(array, arrayIndex);
        }
    }

    public bool Remove(T item)
    {
        lock (_items)
        {
            return _items.Remove(item);
        }
    }

    /// <summary>The items exported so far, copied, so exports that arrive meanwhile do not disturb the reader.</summary>
    public IReadOnlyList<T> Snapshot()
    {
        lock (_items)
        {
            return [.. _items];
        }
    }

    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
