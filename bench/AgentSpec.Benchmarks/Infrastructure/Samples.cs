namespace AgentSpec.Benchmarks.Infrastructure;

/// <summary>Timings of one measured operation, with nearest-rank percentiles.</summary>
internal sealed class Samples
{
    private readonly List<double> _values = [];
    private double[]? _sorted;

    public int Count => _values.Count;

    public double P50 => Percentile(50);

    public double P99 => Percentile(99);

    public double Mean => _values.Count == 0 ? double.NaN : _values.Average();

    public double Min => Sorted().Length == 0 ? double.NaN : Sorted()[0];

    public double Max => Sorted().Length == 0 ? double.NaN : Sorted()[^1];

    public void Add(double value)
    {
        _values.Add(value);
        _sorted = null;
    }

    public void AddRange(Samples other)
    {
        _values.AddRange(other._values);
        _sorted = null;
    }

    /// <summary>Nearest-rank percentile: with 20 samples, p99 is the slowest one.</summary>
    public double Percentile(double percent)
    {
        var sorted = Sorted();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }

    private double[] Sorted()
    {
        if (_sorted is null)
        {
            _sorted = [.. _values];
            Array.Sort(_sorted);
        }

        return _sorted;
    }
}
