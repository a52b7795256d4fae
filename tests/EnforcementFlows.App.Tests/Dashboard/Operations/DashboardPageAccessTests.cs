using System.Net;

namespace EnforcementFlows.App.Tests.Dashboard.Operations;

/// <summary>Metrics: every dashboard role. Operations: admins only.</summary>
public sealed class DashboardPageAccessTests(DashboardAppFactory app) : IClassFixture<DashboardAppFactory>
{
    [Theory]
    [InlineData("analyst", "/dashboard/metrics", HttpStatusCode.OK)]
    [InlineData("approver", "/dashboard/metrics?range=7d", HttpStatusCode.OK)]
    [InlineData("admin", "/dashboard/metrics?range=30d", HttpStatusCode.OK)]
    [InlineData("analyst", "/dashboard/operations", HttpStatusCode.Forbidden)]
    [InlineData("approver", "/dashboard/operations/audit", HttpStatusCode.Forbidden)]
    [InlineData("analyst", "/dashboard/operations/configuration", HttpStatusCode.Forbidden)]
    [InlineData("approver", "/dashboard/operations/instances/x", HttpStatusCode.Forbidden)]
    [InlineData("admin", "/dashboard/operations", HttpStatusCode.OK)]
    [InlineData("admin", "/dashboard/operations/audit", HttpStatusCode.OK)]
    [InlineData("admin", "/dashboard/operations/configuration", HttpStatusCode.OK)]
    public async Task Pages_answer_by_role(string role, string path, HttpStatusCode expected)
    {
        using var client = app.ClientAs("someone@example.test", role);
        var response = await client.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        Assert.NotNull(response.Headers.GetValues("Content-Security-Policy").SingleOrDefault());
    }

    [Fact]
    public async Task An_analyst_cannot_run_the_audit_verification()
    {
        using var client = app.ClientAs("ana@example.test", "analyst");
        var response = await client.PostAsync("/dashboard/operations/audit/verify", new FormUrlEncodedContent([]));
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"got {response.StatusCode}");
    }

    [Theory]
    [InlineData("/dashboard/metrics")]
    [InlineData("/dashboard/operations")]
    public async Task Without_sign_in_a_page_sends_to_the_sign_in(string path)
    {
        // The test host runs as Development, where the shell's development sign-in is on.
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/dashboard/sign-in", response.Headers.Location?.AbsolutePath ?? response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_metrics_page_is_inside_the_layout_with_inline_svg_charts_and_no_inline_script()
    {
        using var client = app.ClientAs("ana@example.test", "analyst");
        var html = await client.GetStringAsync("/dashboard/metrics");
        Assert.Contains("aria-current=\"page\">Metrics</a>", html, StringComparison.Ordinal);
        Assert.Equal(8, System.Text.RegularExpressions.Regex.Matches(html, "<svg ").Count); // 7 + the appeal and overturn rates (issue 24)
        Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)", html);
        Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);
    }
}
