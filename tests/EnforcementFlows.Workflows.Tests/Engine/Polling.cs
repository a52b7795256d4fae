using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace EnforcementFlows.Workflows.Tests.Engine;

/// <summary>Waiting for the service to reach a state: the workflows run in the background, so tests poll.</summary>
internal static class Polling
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <summary>GETs <paramref name="path"/> until <paramref name="done"/> holds (a 404 means "not yet").</summary>
    public static async Task<JsonElement> UntilAsync(this TaskHubAppFactory app, string path, Func<JsonElement, bool> done)
    {
        using var client = app.Admin();
        var deadline = DateTime.UtcNow + Patience;
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync(path);
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                last = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
                if (done(last))
                {
                    return last;
                }
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{path} did not reach the expected state; last: {last}");
    }

    public static async Task<JsonElement> GetJsonAsync(this TaskHubAppFactory app, string path)
    {
        using var client = app.Admin();
        return await client.GetFromJsonAsync<JsonElement>(path);
    }

    /// <summary>Reads until <paramref name="done"/> holds or patience runs out; returns the last value read.</summary>
    public static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            value = await read();
        }
        return value;
    }
}
