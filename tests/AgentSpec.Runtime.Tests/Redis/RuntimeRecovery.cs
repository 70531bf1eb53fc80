using System.Net;

namespace AgentSpec.Runtime.Tests.Redis;

/// <summary>Waiting for a runtime to serve a session again after its Redis restarted (the outage tests).</summary>
internal static class RuntimeRecovery
{
    /// <summary>A cold Garnet start from its log on a loaded 2-core machine can take this long.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static async Task WaitAsync(HttpClient client, string agent, string session)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            using var response = await client.GetAsync($"/v1/agents/{agent}/sessions/{session}/messages?limit=1");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The runtime did not recover after Redis restarted (last status {(int)response.StatusCode}).");
            await Task.Delay(200);
        }
    }
}
