using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask.Client;

namespace EnforcementFlows.Workflows.Tests.Engine;

/// <summary>
/// The SDK engine on the Azure Storage provider over Azurite. Azurite runs a handful of orchestrations per second
/// here, so these are few: one automatic case and one human decision, end to end.
/// </summary>
public sealed class AzuriteSdkEngineTests(AzuriteTaskHubAppFactory app) : IClassFixture<AzuriteTaskHubAppFactory>
{

    [Fact]
    public async Task A_signed_flag_is_enforced_automatically_on_azure_storage()
    {
        Assert.Equal(HttpStatusCode.Accepted, (await app.PostSignedAsync("/api/flags", TaskHubAppFactory.Flag("f-az", "acct-az", 1.0))).StatusCode);

        var account = await app.UntilAsync("/api/accounts/acct-az", a => a.GetProperty("activeRestrictions").GetArrayLength() == 1);
        Assert.Equal("enforced", account.GetProperty("cases")[0].GetProperty("status").GetString());
        Assert.IsType<DurableTask.AzureStorage.AzureStorageOrchestrationService>(
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<DurableTask.Core.IOrchestrationService>(app.Services));
        var instance = await app.Durable.GetInstanceAsync(WorkflowNames.CaseInstanceId("acct-az"), getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Running, instance!.RuntimeStatus);
    }

    [Fact]
    public async Task A_human_decision_reaches_the_case_through_the_outbox_on_azure_storage()
    {
        Assert.Equal(HttpStatusCode.Accepted,
            (await app.PostSignedAsync("/api/flags", TaskHubAppFactory.Flag("f-az-h", "acct-az-h", 1.0, "violent_threat"))).StatusCode);
        var waiting = await app.UntilAsync("/api/cases?accountId=acct-az-h", c => c.GetArrayLength() == 1 && c[0].GetProperty("status").GetString() == "awaiting_approval");

        using var admin = app.Admin();
        var caseId = waiting[0].GetProperty("caseId").GetString();
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync($"/api/cases/{caseId}/decision", new { approve = false, comment = "not a threat" })).StatusCode);

        var account = await app.UntilAsync("/api/accounts/acct-az-h", a => a.GetProperty("cases")[0].GetProperty("status").GetString() == "rejected");
        Assert.Empty(account.GetProperty("activeRestrictions").EnumerateArray());
    }
}
