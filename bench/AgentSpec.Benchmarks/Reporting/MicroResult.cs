namespace AgentSpec.Benchmarks.Reporting;

/// <param name="Name">The benchmark method.</param>
/// <param name="Description">What one operation does.</param>
/// <param name="MeanNanoseconds">Mean time of one operation.</param>
/// <param name="MedianNanoseconds">Median time of one operation (median of batch means in the quick runner).</param>
/// <param name="AllocatedBytes">Bytes allocated per operation, when known.</param>
/// <param name="Method">"BenchmarkDotNet" (full) or "Stopwatch batches" (quick).</param>
internal sealed record MicroResult(string Name, string Description, double MeanNanoseconds, double MedianNanoseconds, double? AllocatedBytes, long Operations, string Method);
