using System.Net;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace EnforcementFlows.App.Tests.Dashboard.Operations;

public sealed class OperationsPageTests(DashboardAppFactory app) : IClassFixture<DashboardAppFactory>
{
    private HttpClient Admin() => app.ClientAs("olga@example.test", "admin");

    [Fact]
    public async Task Search_filters_instances_by_id_prefix_name_and_state()
    {
        var prefix = "opsearch-" + Guid.NewGuid().ToString("N")[..8] + "-";
        var waiting = await app.Durable.ScheduleNewOrchestrationInstanceAsync("TestWait", "a", new StartOrchestrationOptions(prefix + "waiting"));
        var stopped = await app.Durable.ScheduleNewOrchestrationInstanceAsync("TestWait", "b", new StartOrchestrationOptions(prefix + "stopped"));
        await app.Durable.ScheduleNewOrchestrationInstanceAsync("TestWait", "c", new StartOrchestrationOptions("other-" + Guid.NewGuid().ToString("N")));
        await app.Durable.TerminateInstanceAsync(stopped, new TerminateInstanceOptions("test"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.Durable.WaitForInstanceCompletionAsync(stopped, timeout.Token);
        using var admin = Admin();

        var byPrefix = await admin.GetStringAsync($"/dashboard/operations?prefix={prefix}&name=TestWait");
        Assert.Contains(waiting, byPrefix, StringComparison.Ordinal);
        Assert.Contains(stopped, byPrefix, StringComparison.Ordinal);
        Assert.DoesNotContain("other-", byPrefix, StringComparison.Ordinal);

        var terminated = await admin.GetStringAsync($"/dashboard/operations?prefix={prefix}&status=Terminated");
        Assert.Contains(stopped, terminated, StringComparison.Ordinal);
        Assert.DoesNotContain(waiting, terminated, StringComparison.Ordinal);
        Assert.Matches("<a href=\"/dashboard/operations\\?status=Terminated\">Terminated</a></th><td>[1-9]", terminated);

        var unknown = await admin.GetStringAsync($"/dashboard/operations?prefix={prefix}&status=Sleeping");
        Assert.Contains("Unknown state &#39;Sleeping&#39;", unknown, StringComparison.Ordinal);
        Assert.Contains(waiting, unknown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_instance_shows_its_history_with_values_encoded()
    {
        var id = "ophist-<b>" + Guid.NewGuid().ToString("N")[..8];
        await app.Durable.ScheduleNewOrchestrationInstanceAsync("TestWait", "x<y", new StartOrchestrationOptions(id));
        await app.Durable.RaiseEventAsync(id, "go", "!");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.Durable.WaitForInstanceCompletionAsync(id, timeout.Token);
        using var admin = Admin();

        var response = await admin.GetAsync("/dashboard/operations/instances/" + Uri.EscapeDataString(id));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Contains("ophist-&lt;b&gt;", html, StringComparison.Ordinal);
        foreach (var expected in new[] { "ExecutionStarted", "EventRaised", "event go", "ExecutionCompleted", "Completed", "id=\"instance-history\"" })
        {
            Assert.Contains(expected, html, StringComparison.Ordinal);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/dashboard/operations/instances/no-such-instance")).StatusCode);
    }

    [Fact]
    public async Task Configuration_shows_settings_but_never_a_secret_value()
    {
        using var admin = Admin();
        var html = await admin.GetStringAsync("/dashboard/operations/configuration");

        Assert.Matches("<code>Password</code></th><td>set</td>", html);
        Assert.Matches("<code>WebhookSecret</code></th><td>set</td>", html);
        Assert.Matches("<code>Sources:test:Secrets</code></th><td>1 set</td>", html);
        Assert.Matches("<code>ApiKeys:1:Name</code></th><td>test-admin</td>", html);
        Assert.Matches("<code>ApiKeys:1:KeySha256</code></th><td>set</td>", html);
        Assert.Contains("https://hooks.example.test/enforce (query set)", html, StringComparison.Ordinal);
        Assert.Contains("https://review.example.test/ (user info set)", html, StringComparison.Ordinal);
        Assert.Contains("smtp.example.test", html, StringComparison.Ordinal);
        foreach (var secret in DashboardAppFactory.SecretValues)
        {
            Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/dashboard/metrics")]
    [InlineData("/dashboard/operations")]
    [InlineData("/dashboard/operations/audit")]
    [InlineData("/dashboard/operations/instances/sweep")]
    public async Task No_page_shows_a_secret_value(string path)
    {
        using var admin = Admin();
        var html = await admin.GetStringAsync(path);
        foreach (var secret in DashboardAppFactory.SecretValues)
        {
            Assert.DoesNotContain(secret, html, StringComparison.Ordinal);
        }
    }
}
