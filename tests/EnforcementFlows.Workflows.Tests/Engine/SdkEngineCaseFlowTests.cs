using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EnforcementFlows.App.Workflows;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.Workflows.Tests.Engine;

/// <summary>The case flows over DTFx's in-memory service.</summary>
public sealed class SdkEngineCaseFlowTests(TaskHubAppFactory app) : SdkEngineCaseFlowTests<TaskHubAppFactory>(app);

/// <summary>The same case flows on the embedded SQLite task hub (issue 19), the engine's zero-setup backend.</summary>
public sealed class SqliteSdkEngineCaseFlowTests(SqliteTaskHubAppFactory app) : SdkEngineCaseFlowTests<SqliteTaskHubAppFactory>(app)
{
    [Fact]
    public async Task The_task_hub_is_one_sqlite_file_beside_the_domain_database()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var sweep = await App.Durable.WaitForInstanceStartAsync(WorkflowNames.SweepInstanceId, cancellation: timeout.Token);
        Assert.Equal(WorkflowNames.Sweep, sweep.Name);
        Assert.True(File.Exists(App.TaskHubFile), App.TaskHubFile);
        Assert.IsType<EnforcementFlows.TaskHub.Sqlite.SqliteOrchestrationService>(App.Services.GetRequiredService<DurableTask.Core.IOrchestrationService>());
    }
}

/// <summary>Signed webhooks in, actions out, on the SDK engine: outbox, relay, case orchestration, domain activities.</summary>
public abstract class SdkEngineCaseFlowTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : TaskHubAppFactory
{
    protected TApp App => app;

    [Fact]
    public async Task A_confident_spam_flag_is_enforced_automatically_and_the_lift_waits_for_the_expiry()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostSignedAsync("/api/flags", TaskHubAppFactory.Flag("f-auto", "acct-auto", 1.0))).StatusCode);

        var account = await app.UntilAsync("/api/accounts/acct-auto", a => a.GetProperty("activeRestrictions").GetArrayLength() == 1);
        var restriction = account.GetProperty("activeRestrictions")[0];
        Assert.Equal("restrict", restriction.GetProperty("kind").GetString());
        Assert.Equal("enforced", account.GetProperty("cases")[0].GetProperty("status").GetString());

        var caseId = account.GetProperty("cases")[0].GetProperty("caseId").GetString();
        var view = await app.GetJsonAsync($"/api/cases/{caseId}");
        Assert.Equal(["signal_received", "scored", "decided", "action_applied", "case_closed"], Kinds(view));

        // The lift's start was committed with the action, in the outbox; the relay delivers it.
        var liftId = WorkflowNames.LiftInstanceId(restriction.GetProperty("actionId").GetString()!);
        var lift = await Polling.Eventually(() => app.Durable.GetInstanceAsync(liftId, getInputsAndOutputs: true), m => m?.RuntimeStatus == OrchestrationRuntimeStatus.Running);
        Assert.Contains("waiting", lift!.SerializedCustomStatus); // on its durable timer until the expiry
        var caseInstance = await app.Durable.GetInstanceAsync(WorkflowNames.CaseInstanceId("acct-auto"), getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Running, caseInstance!.RuntimeStatus); // the next generation waits for a signal
        Assert.Contains("f-auto", caseInstance.SerializedInput); // and remembers the signal it took
        var outbox = app.Services.GetRequiredService<Enforcement.Workflows.WorkflowOutbox>();
        Assert.Equal(0, await Polling.Eventually(() => outbox.BacklogAsync(CancellationToken.None), n => n == 0));
    }

    [Fact]
    public async Task Signals_within_the_collect_window_make_one_case_and_a_redelivered_signal_is_dropped()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await app.PostSignedAsync("/api/flags", TaskHubAppFactory.Flag($"f-agg-{i}", "acct-agg", 1.0))).StatusCode);
        }
        var account = await app.UntilAsync("/api/accounts/acct-agg", a => a.GetProperty("cases").GetArrayLength() >= 1
            && a.GetProperty("cases")[0].GetProperty("status").GetString() == "enforced");
        Assert.Single(account.GetProperty("cases").EnumerateArray());
        var caseId = account.GetProperty("cases")[0].GetProperty("caseId").GetString();
        Assert.Equal(5, Kinds(await app.GetJsonAsync($"/api/cases/{caseId}")).Count(k => k == "signal_received"));

        // The relay delivers at least once: the same signal raised again opens no new case.
        await app.Durable.RaiseEventAsync(WorkflowNames.CaseInstanceId("acct-agg"), WorkflowNames.SignalEvent,
            new Enforcement.Storage.SignalRef(Enforcement.Storage.SignalKind.Flag, "f-agg-3"));
        await Task.Delay(1500);
        Assert.Single((await app.GetJsonAsync("/api/accounts/acct-agg")).GetProperty("cases").EnumerateArray());
    }

    [Fact]
    public async Task A_severe_flag_waits_for_a_human_and_is_enforced_after_the_decision()
    {
        Assert.Equal(HttpStatusCode.Accepted,
            (await app.PostSignedAsync("/api/flags", TaskHubAppFactory.Flag("f-threat", "acct-threat", 1.0, "violent_threat"))).StatusCode);
        var waiting = await app.UntilAsync("/api/cases?accountId=acct-threat", c => c.GetArrayLength() == 1 && c[0].GetProperty("status").GetString() == "awaiting_approval");
        var caseId = waiting[0].GetProperty("caseId").GetString();
        // The stage shows once the approval emails are out (the custom status commits with that turn).
        var deadline = DateTime.UtcNow + Polling.Patience;
        string? status = null;
        while (DateTime.UtcNow < deadline && status?.Contains("awaiting_approval", StringComparison.Ordinal) != true)
        {
            status = (await app.Durable.GetInstanceAsync(WorkflowNames.CaseInstanceId("acct-threat")))!.SerializedCustomStatus;
            await Task.Delay(50);
        }
        Assert.Contains("awaiting_approval", status);
        Assert.Contains("DueAt", status);

        using var admin = app.Admin();
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync($"/api/cases/{caseId}/decision", new { approve = true, comment = "clear threat" })).StatusCode);

        var account = await app.UntilAsync("/api/accounts/acct-threat", a => a.GetProperty("cases")[0].GetProperty("status").GetString() == "enforced");
        Assert.Equal("suspend", account.GetProperty("activeRestrictions")[0].GetProperty("kind").GetString());
        var kinds = Kinds(await app.GetJsonAsync($"/api/cases/{caseId}"));
        Assert.Contains("approval_requested", kinds);
        Assert.Equal("case_closed", kinds[^1]);
    }

    [Fact]
    public async Task The_sweep_instance_runs_on_the_sdk_engine()
    {
        using var timeout = new CancellationTokenSource(Polling.Patience);
        var sweep = await app.Durable.WaitForInstanceStartAsync(WorkflowNames.SweepInstanceId, cancellation: timeout.Token);
        Assert.Equal(WorkflowNames.Sweep, sweep.Name);
        Assert.True(app.Services.GetRequiredService<OutboxRelay>().LastError is null);
    }

    [Fact]
    public async Task The_instance_api_lists_shows_suspends_resumes_and_terminates_sdk_instances()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostSignedAsync("/api/flags", TaskHubAppFactory.Flag("f-ops", "acct-ops", 1.0))).StatusCode);
        await app.UntilAsync("/api/accounts/acct-ops", a => a.GetProperty("activeRestrictions").GetArrayLength() == 1);
        var id = WorkflowNames.CaseInstanceId("acct-ops");

        var list = await app.GetJsonAsync("/api/instances?prefix=case-acct-ops&status=Running");
        var listed = Assert.Single(list.GetProperty("instances").EnumerateArray());
        Assert.Equal(WorkflowNames.Case, listed.GetProperty("name").GetString());
        var one = await app.GetJsonAsync($"/api/instances/{id}");
        Assert.Equal("Running", one.GetProperty("status").GetString());
        using var admin = app.Admin();
        using var historyResponse = await admin.GetAsync($"/api/instances/{id}/history");
        if (app.ReadsHistory)
        {
            var history = await historyResponse.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(JsonValueKind.Array, history.ValueKind);
            Assert.True(history.GetArrayLength() > 0);
        }
        else
        {
            Assert.Equal(HttpStatusCode.NotImplemented, historyResponse.StatusCode); // a clear problem, not a 500
            Assert.Equal("application/problem+json", historyResponse.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/instances?status=Sleeping")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync($"/api/instances/{id}/suspend", new { reason = "checking" })).StatusCode);
        await Polling.Eventually(() => app.GetJsonAsync($"/api/instances/{id}"), i => i.GetProperty("status").GetString() == "Suspended");
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync($"/api/instances/{id}/resume", new { reason = "checked" })).StatusCode);
        await Polling.Eventually(() => app.GetJsonAsync($"/api/instances/{id}"), i => i.GetProperty("status").GetString() == "Running");
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync($"/api/instances/{id}/terminate", new { reason = "test over" })).StatusCode);
        var ended = await Polling.Eventually(() => app.GetJsonAsync($"/api/instances/{id}"), i => i.GetProperty("status").GetString() == "Terminated");
        Assert.Equal("Terminated", ended.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/instances/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/instances/{id}")).StatusCode);
    }

    private static List<string> Kinds(JsonElement caseView)
        => caseView.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("kind").GetString()!).ToList();
}
