namespace AgentSpec.Benchmarks.Infrastructure;

/// <summary>
/// Closed-loop HTTP load: <c>clients</c> tasks each send one request, read the whole answer, and send the
/// next. Requests that finish inside the measurement window (after the warm-up) are counted.
/// </summary>
internal static class HttpLoad
{
    public static async Task<LoadResult> RunAsync(
        HttpClient client,
        int clients,
        Func<int, HttpRequestMessage> createRequest,
        TimeSpan warmup,
        TimeSpan duration,
        CancellationToken cancellationToken)
    {
        var started = Clock.Now;
        var windowStart = started + (long)(warmup.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        var windowEnd = windowStart + (long)(duration.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        var perClient = new ClientTally[clients];
        var tasks = new Task[clients];
        for (var i = 0; i < clients; i++)
        {
            var index = i;
            perClient[index] = new ClientTally();
            tasks[index] = Task.Run(() => ClientLoopAsync(client, index, createRequest, windowStart, windowEnd, perClient[index], cancellationToken), cancellationToken);
        }

        await Task.WhenAll(tasks);
        var latencies = new Samples();
        long completed = 0, failed = 0, totalSucceeded = 0, totalFailed = 0;
        string? firstError = null;
        foreach (var tally in perClient)
        {
            completed += tally.Completed;
            failed += tally.Failed;
            totalSucceeded += tally.TotalSucceeded;
            totalFailed += tally.TotalFailed;
            firstError ??= tally.FirstError;
            foreach (var latency in tally.LatenciesMs)
            {
                latencies.Add(latency);
            }
        }

        return new LoadResult(completed, failed, duration.TotalSeconds, completed / duration.TotalSeconds, latencies, firstError, totalSucceeded, totalFailed);
    }

    private static async Task ClientLoopAsync(
        HttpClient client,
        int index,
        Func<int, HttpRequestMessage> createRequest,
        long windowStart,
        long windowEnd,
        ClientTally tally,
        CancellationToken cancellationToken)
    {
        while (Clock.Now < windowEnd)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sent = Clock.Now;
            bool ok;
            string? error = null;
            try
            {
                using var request = createRequest(index);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                ok = response.IsSuccessStatusCode;
                if (!ok)
                {
                    error = $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}";
                }
            }
            catch (HttpRequestException ex)
            {
                ok = false;
                error = ex.Message;
            }

            var finished = Clock.Now;
            if (ok)
            {
                tally.TotalSucceeded++;
            }
            else
            {
                tally.TotalFailed++;
                tally.FirstError ??= error;
            }

            if (finished < windowStart || finished >= windowEnd)
            {
                continue;
            }

            if (ok)
            {
                tally.Completed++;
                tally.LatenciesMs.Add(Clock.Milliseconds(sent, finished));
            }
            else
            {
                tally.Failed++;
            }
        }
    }

    private sealed class ClientTally
    {
        public long Completed { get; set; }

        public long Failed { get; set; }

        public long TotalSucceeded { get; set; }

        public long TotalFailed { get; set; }

        public string? FirstError { get; set; }

        public List<double> LatenciesMs { get; } = [];
    }
}
