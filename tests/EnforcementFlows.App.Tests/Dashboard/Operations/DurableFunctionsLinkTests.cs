using EnforcementFlows.App.Dashboard;
using EnforcementFlows.App.Dashboard.Operations;
using System.Text.Json;
using EnforcementFlows.App.Workflows;

namespace EnforcementFlows.App.Tests.Dashboard.Operations;

/// <summary>With DurableFunctionsManagementUrl set, an instance page links the instance to the Functions app's management API, never with a key.</summary>
public sealed class DurableFunctionsLinkTests
{
    private static readonly InstanceView Instance = new("case:acct 1", "EnforcementCase", null, "Running", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
        null, null, null, null);

    private static readonly JsonElement NoHistory = JsonDocument.Parse("[]").RootElement;

    [Fact]
    public void The_instance_page_links_the_instance_s_status_with_history_when_configured()
    {
        var options = new DashboardOptions { DurableFunctionsManagementUrl = "https://ef-func.azurewebsites.net/runtime/webhooks/durabletask/" };
        var url = options.DurableFunctionsStatusUrl(Instance.InstanceId);
        Assert.Equal("https://ef-func.azurewebsites.net/runtime/webhooks/durabletask/instances/case%3Aacct%201?showHistory=true&showHistoryOutput=true", url);

        var html = InstanceHistoryView.Render(Instance, NoHistory, url);
        Assert.Contains("id=\"instance-management\" href=\"https://ef-func.azurewebsites.net/runtime/webhooks/durabletask/instances/case%3Aacct%201?showHistory=true&amp;showHistoryOutput=true\"", html);
        Assert.DoesNotContain("code=", html);
    }

    [Fact]
    public void Without_the_setting_there_is_no_link()
    {
        Assert.Null(new DashboardOptions().DurableFunctionsStatusUrl("x"));
        Assert.DoesNotContain("instance-management", InstanceHistoryView.Render(Instance, NoHistory));
    }

    [Theory]
    [InlineData("runtime/webhooks/durabletask")]
    [InlineData("https://ef-func.azurewebsites.net/runtime/webhooks/durabletask?code=secret")]
    [InlineData("ftp://ef-func/runtime")]
    public void A_management_url_that_is_not_an_absolute_keyless_http_url_is_refused_at_start(string url)
    {
        var result = new DashboardOptionsValidator().Validate(null, new DashboardOptions { DurableFunctionsManagementUrl = url });
        Assert.True(result.Failed);
        Assert.Contains("DurableFunctionsManagementUrl", result.FailureMessage);
    }
}
