using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.Workflows.Tests.Engine;

/// <summary>
/// A crash between delivering outbox rows and marking them sent delivers them again. Replaying every row of a
/// finished flow (as if nothing had been marked) must change nothing: no second case, action or lift.
/// </summary>
public sealed class OutboxRedeliveryTests(TaskHubAppFactory app) : IClassFixture<TaskHubAppFactory>
{

    [Fact]
    public async Task Redelivering_every_outbox_row_changes_nothing()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostSignedAsync("/api/flags", TaskHubAppFactory.Flag("f-re-1", "acct-re", 1.0))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostSignedAsync("/api/flags", TaskHubAppFactory.Flag("f-re-2", "acct-re", 1.0))).StatusCode);
        var before = await app.UntilAsync("/api/accounts/acct-re", a => a.GetProperty("cases").GetArrayLength() >= 1
            && a.GetProperty("cases").EnumerateArray().All(c => c.GetProperty("status").GetString() == "enforced")
            && a.GetProperty("actions").GetArrayLength() == a.GetProperty("cases").GetArrayLength());
        var store = app.Services.GetRequiredService<IDomainDatabase>();
        var outbox = app.Services.GetRequiredService<WorkflowOutbox>();
        await Polling.Eventually(() => outbox.BacklogAsync(CancellationToken.None), n => n == 0);

        var replayed = await store.RunInTransactionAsync(tx => tx.Execute("UPDATE ef_workflow_outbox SET sent_at = NULL"), CancellationToken.None);
        Assert.True(replayed >= 3, $"expected the signals' and the lifts' rows, got {replayed}"); // two signals and at least one lift
        Assert.Equal(0, await Polling.Eventually(() => outbox.BacklogAsync(CancellationToken.None), n => n == 0));
        await Task.Delay(1500); // let any wrongly opened case run its collect window

        var after = await app.GetJsonAsync("/api/accounts/acct-re");
        Assert.Equal(before.GetProperty("cases").GetArrayLength(), after.GetProperty("cases").GetArrayLength());
        Assert.Equal(before.GetProperty("actions").GetArrayLength(), after.GetProperty("actions").GetArrayLength());
        var attempts = await store.QueryCommittedAsync("SELECT COUNT(*) FROM ef_workflow_outbox WHERE last_error IS NOT NULL", r => r.GetInt64(0), CancellationToken.None);
        Assert.Equal(0, attempts.Single());
    }
}
