using System.Net;
using EnforcementFlows.App.Workflows;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.Workflows.Tests.Engine;

/// <summary>An auto-enforced case end to end with the service's task hub on PostgreSQL.</summary>
public sealed class PostgresTaskHubCaseFlowTests(PostgresTaskHubAppFactory app) : IClassFixture<PostgresTaskHubAppFactory>
{
    [Fact]
    public async Task A_confident_spam_flag_is_enforced_automatically_on_the_postgres_task_hub()
    {
        Assert.IsType<EnforcementFlows.TaskHub.Postgres.PostgresOrchestrationService>(app.Services.GetRequiredService<DurableTask.Core.IOrchestrationService>());
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostSignedAsync("/api/flags", TaskHubAppFactory.Flag("f-pg", "acct-pg", 1.0))).StatusCode);

        var account = await app.UntilAsync("/api/accounts/acct-pg", a => a.GetProperty("activeRestrictions").GetArrayLength() == 1);
        Assert.Equal("restrict", account.GetProperty("activeRestrictions")[0].GetProperty("kind").GetString());
        Assert.Equal("enforced", account.GetProperty("cases")[0].GetProperty("status").GetString());

        // The lift waits on its durable timer in the PostgreSQL task hub, and the case's next generation waits for a signal.
        var liftId = WorkflowNames.LiftInstanceId(account.GetProperty("activeRestrictions")[0].GetProperty("actionId").GetString()!);
        var lift = await Polling.Eventually(() => app.Durable.GetInstanceAsync(liftId, getInputsAndOutputs: true), m => m?.RuntimeStatus == OrchestrationRuntimeStatus.Running);
        Assert.Contains("waiting", lift!.SerializedCustomStatus);
        var caseInstance = await app.Durable.GetInstanceAsync(WorkflowNames.CaseInstanceId("acct-pg"), getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Running, caseInstance!.RuntimeStatus);
        Assert.Contains("f-pg", caseInstance.SerializedInput);
    }
}
