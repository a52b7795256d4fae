using EnforcementFlows.Storage;
using System.Net;
using System.Text.Json;
using EnforcementFlows.App.Tests.Infrastructure;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Enforcement.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.App.Tests;

/// <summary>The app whose domain activities the tests run by hand, as the engine does when it redelivers a call.</summary>
public class RedeliveryApp : AppFactory;

public sealed class PostgresRedeliveryApp : RedeliveryApp
{
    protected override bool OnPostgres => true;
}

public sealed class ActivityRedeliveryTests(RedeliveryApp app) : ActivityRedeliveryTests<RedeliveryApp>(app);

public sealed class PostgresActivityRedeliveryTests(PostgresRedeliveryApp app) : ActivityRedeliveryTests<PostgresRedeliveryApp>(app);

public abstract class ActivityRedeliveryTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : RedeliveryApp
{
    /// <summary>
    /// Case workflow 1.2's concluding activity delivered a second time for the same call (the worker died
    /// after it committed, before its result was recorded): the recorded assessment and the action already
    /// applied under the call's key come back; nothing is applied, audited or closed twice.
    /// </summary>
    [Fact]
    public async Task A_redelivered_concluding_activity_applies_and_closes_once()
    {
        const string caseId = "case_conclude_twice";
        var (call, input) = await OpenCaseOfAStoredFlag("conclude-twice", caseId);

        var conclude = ActivatorUtilities.CreateInstance<AssessAndConcludeActivity>(app.Services);
        var first = await conclude.RunAsync(call, input);
        var again = await conclude.RunAsync(call, input);

        Assert.Equal("enforced", first.ClosedAs);
        Assert.Equal(first.Action!.ActionId, again.Action!.ActionId);
        Assert.Equal(JsonSerializer.Serialize(first.Assessment), JsonSerializer.Serialize(again.Assessment));
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM ef_actions WHERE case_id = '{caseId}'"));
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM ef_audit WHERE case_id = '{caseId}' AND kind = 'ActionApplied'"));
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM ef_audit WHERE case_id = '{caseId}' AND kind = 'CaseClosed'"));
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM ef_audit WHERE case_id = '{caseId}' AND kind = 'Decided'"));
    }

    /// <summary>
    /// Two deliveries of the concluding call running at once (a lease ran out while the first still ran): both read
    /// the case as unassessed before their transactions. The assessment's guarded write lets one commit; the other
    /// fails whole (the retry policy runs it again, and it then returns the recorded conclusion).
    /// </summary>
    [Fact]
    public async Task Two_deliveries_of_the_concluding_activity_at_once_apply_and_audit_once()
    {
        const string caseId = "case_conclude_race";
        var (call, input) = await OpenCaseOfAStoredFlag("conclude-race", caseId);

        var concluded = await DeliveredAtOnce(() => ActivatorUtilities.CreateInstance<AssessAndConcludeActivity>(app.Services).RunAsync(call, input));
        Assert.NotEmpty(concluded);
        Assert.Single(concluded.Select(c => c.Action!.ActionId).Distinct());
        var retried = await ActivatorUtilities.CreateInstance<AssessAndConcludeActivity>(app.Services).RunAsync(call, input);
        Assert.Equal(concluded[0].Action!.ActionId, retried.Action!.ActionId);
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM ef_actions WHERE case_id = '{caseId}'"));
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM ef_audit WHERE case_id = '{caseId}' AND kind = 'ActionApplied'"));
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM ef_audit WHERE case_id = '{caseId}' AND kind = 'Decided'"));
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM ef_audit WHERE case_id = '{caseId}' AND kind = 'SignalReceived'"));
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM ef_audit WHERE case_id = '{caseId}' AND kind = 'CaseClosed'"));
    }

    /// <summary>
    /// With no collect window the opening activity opens, assesses and concludes a new case, writing its row once,
    /// already closed. Four deliveries of that call at once (expired leases) all read the case as absent before their
    /// transactions: the row's guarded insert lets one commit and fails the others whole; a later delivery returns the
    /// recorded conclusion.
    /// </summary>
    [Fact]
    public async Task Deliveries_of_the_opening_activity_that_concludes_write_the_case_once()
    {
        const string caseId = "case_open_race";
        var (call, input) = StoreFlagToOpen("open-race", caseId);

        var concluded = (await DeliveredAtOnce(() => OpenerWithoutCollectWindow().RunAsync(call, input))).Select(r => r.Concluded!).ToList();
        Assert.NotEmpty(concluded);
        Assert.All(concluded, c => Assert.Equal("enforced", c.ClosedAs));
        var again = (await OpenerWithoutCollectWindow().RunAsync(call, input)).Concluded!;
        Assert.Equal(concluded[0].Action!.ActionId, again.Action!.ActionId);
        Assert.Equal(JsonSerializer.Serialize(concluded[0].Assessment), JsonSerializer.Serialize(again.Assessment));
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM ef_cases WHERE case_id = '{caseId}' AND status = 'enforced' AND closed_at IS NOT NULL AND assessment IS NOT NULL"));
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM ef_actions WHERE case_id = '{caseId}'"));
        Assert.Equal(1, Count($"SELECT COUNT(*) FROM ef_signals WHERE case_id = '{caseId}'"));
        foreach (var kind in new[] { "SignalReceived", "Scored", "Decided", "ActionApplied", "CaseClosed" })
        {
            Assert.Equal(1, Count($"SELECT COUNT(*) FROM ef_audit WHERE case_id = '{caseId}' AND kind = '{kind}'"));
        }
    }

    /// <summary>
    /// Four deliveries of one call at once (expired leases): those that fail must fail on a guarded write
    /// (<see cref="UnexpectedRowCountException"/>); returns the results of those that completed.
    /// </summary>
    private static async Task<List<T>> DeliveredAtOnce<T>(Func<Task<T>> deliver)
    {
        var runs = Enumerable.Range(0, 4).Select(_ => Task.Run(deliver)).ToList();
        await Task.WhenAll(runs.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));
        Assert.All(runs.Where(r => r.IsFaulted), r => Assert.True(r.Exception!.InnerException is UnexpectedRowCountException, r.Exception.InnerException!.ToString()));
        return runs.Where(r => r.IsCompletedSuccessfully).Select(r => r.Result).ToList();
    }

    private OpenCaseActivity OpenerWithoutCollectWindow()
        => ActivatorUtilities.CreateInstance<OpenCaseActivity>(app.Services, Microsoft.Extensions.Options.Options.Create(new CaseOptions { CollectWindow = TimeSpan.Zero }));

    /// <summary>A stored confident flag that no workflow has picked up, and the opening call (task 0 of "test:{name}") that concludes its case.</summary>
    private (ActivityCallContext Call, CaseActivities.OpenInput Input) StoreFlagToOpen(string name, string caseId)
    {
        var (flagId, account, instanceId) = StoreFlag(name);
        return (new ActivityCallContext(CaseActivities.Open, instanceId, "exec-1", 0, 1, CancellationToken.None),
            new CaseActivities.OpenInput(caseId, account, instanceId, new SignalRef(SignalKind.Flag, flagId)));
    }

    /// <summary>
    /// A stored confident flag that no workflow has picked up (written behind the app's back) and its case opened by
    /// the opening activity; returns the concluding activity's call (task 1 of instance "test:{name}") and input.
    /// </summary>
    private async Task<(ActivityCallContext Call, CaseActivities.AssessInput Input)> OpenCaseOfAStoredFlag(string name, string caseId)
    {
        var (flagId, account, instanceId) = StoreFlag(name);
        await ActivatorUtilities.CreateInstance<OpenCaseActivity>(app.Services).RunAsync(
            new ActivityCallContext(CaseActivities.Open, instanceId, "exec-1", 0, 1, CancellationToken.None),
            new CaseActivities.OpenInput(caseId, account, instanceId));
        return (new ActivityCallContext(CaseActivities.AssessAndConclude, instanceId, "exec-1", 1, 1, CancellationToken.None),
            new CaseActivities.AssessInput(caseId, account, [new SignalRef(SignalKind.Flag, flagId)]));
    }

    /// <summary>A stored confident flag that no workflow has picked up, written behind the app's back.</summary>
    private (string FlagId, string Account, string InstanceId) StoreFlag(string name)
    {
        string flagId = "f-" + name, account = "acct-" + name, instanceId = "test:" + name;
        using (app.ClientWithKey(null))
        {
            // started: the schema exists
        }
        app.SqlBehindTheAppsBack($"""
            INSERT INTO ef_signals (kind, signal_id, account_id, category, reporter_id, confidence, held, payload, instance_id, received_at)
            VALUES ('flag', '{flagId}', '{account}', 'spam', NULL, 1.0, 0, '{WebhookSender.Flag(flagId, account, 1.0)}', '{instanceId}', {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()})
            """);
        return (flagId, account, instanceId);
    }

    private long Count(string sql) => Convert.ToInt64(app.SqlBehindTheAppsBack(sql), System.Globalization.CultureInfo.InvariantCulture);
}
