using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EnforcementFlows.Durable.Storage;
using EnforcementFlows.Enforcement.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.Workflows.Tests.Engine;

/// <summary>
/// A crash between delivering outbox rows and marking them sent delivers them again. Replaying every row of a
/// finished flow (as if nothing had been marked) must change nothing: no second case, action or lift.
/// </summary>
public sealed class OutboxRedeliveryTests(TaskHubAppFactory app) : IClassFixture<TaskHubAppFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Redelivering_every_outbox_row_changes_nothing()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostSignedAsync("/api/flags", TaskHubAppFactory.Flag("f-re-1", "acct-re", 1.0))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostSignedAsync("/api/flags", TaskHubAppFactory.Flag("f-re-2", "acct-re", 1.0))).StatusCode);
        var before = await Until("/api/accounts/acct-re", a => a.GetProperty("cases").GetArrayLength() >= 1
            && a.GetProperty("cases").EnumerateArray().All(c => c.GetProperty("status").GetString() == "enforced")
            && a.GetProperty("actions").GetArrayLength() == a.GetProperty("cases").GetArrayLength());
        var store = app.Services.GetRequiredService<ITransactionalDurableStore>();
        var outbox = app.Services.GetRequiredService<WorkflowOutbox>();
        await Eventually(() => outbox.BacklogAsync(CancellationToken.None), n => n == 0);

        var replayed = await store.RunInTransactionAsync(tx => tx.Execute("UPDATE ef_workflow_outbox SET sent_at = NULL"), CancellationToken.None);
        Assert.True(replayed >= 3, $"expected the signals' and the lifts' rows, got {replayed}"); // two signals and at least one lift
        Assert.Equal(0, await Eventually(() => outbox.BacklogAsync(CancellationToken.None), n => n == 0));
        await Task.Delay(1500); // let any wrongly opened case run its collect window

        var after = await Get("/api/accounts/acct-re");
        Assert.Equal(before.GetProperty("cases").GetArrayLength(), after.GetProperty("cases").GetArrayLength());
        Assert.Equal(before.GetProperty("actions").GetArrayLength(), after.GetProperty("actions").GetArrayLength());
        var attempts = await store.QueryCommittedAsync("SELECT COUNT(*) FROM ef_workflow_outbox WHERE last_error IS NOT NULL", r => r.GetInt64(0), CancellationToken.None);
        Assert.Equal(0, attempts.Single());
    }

    private static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done)
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

    private async Task<JsonElement> Get(string path)
    {
        using var client = app.Admin();
        return await client.GetFromJsonAsync<JsonElement>(path);
    }

    private async Task<JsonElement> Until(string path, Func<JsonElement, bool> done)
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
}
