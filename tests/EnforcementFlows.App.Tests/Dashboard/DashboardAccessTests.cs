using System.Net;
using EnforcementFlows.App.Tests.Infrastructure;

namespace EnforcementFlows.App.Tests.Dashboard;

/// <summary>
/// Who may see and do what on the dashboard: anonymous visitors are sent to sign in, analysts read
/// and claim but cannot decide, approvers decide and dismiss, admins do everything; every form
/// needs its anti-forgery token; every response carries the security headers.
/// </summary>
public sealed class DashboardAccessTests(DashboardFactory app) : IClassFixture<DashboardFactory>
{
    private static readonly string[] Analyst = ["EF.Analyst"];
    private static readonly string[] Approver = ["EF.Approver"];
    private static readonly string[] Admin = ["group:0000-admins"];

    [Theory]
    [InlineData("/dashboard/queue")]
    [InlineData("/dashboard/cases/case_x")]
    [InlineData("/dashboard/accounts/acct-x")]
    public async Task Anonymous_visitors_are_sent_to_the_development_sign_in(string path)
    {
        using var anonymous = app.Anonymous();
        var response = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/dashboard/sign-in", response.Headers.Location!.OriginalString.Replace("http://localhost", ""));
    }

    [Fact]
    public async Task Anonymous_POST_is_401_not_a_redirect()
    {
        using var anonymous = app.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostWithoutTokenAsync("/dashboard/cases/case_x/claim")).StatusCode);
    }

    [Fact]
    public async Task API_keys_do_not_open_the_dashboard()
    {
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new("Bearer", AppFactory.AdminKey);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/dashboard/queue")).StatusCode);
    }

    [Fact]
    public async Task A_principal_without_a_mapped_role_is_403()
    {
        using var stranger = app.As("stranger@example.org", "Some.Other.Role");
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync("/dashboard/queue")).StatusCode);
    }

    [Fact]
    public async Task Every_role_sees_the_queue_case_and_account_pages()
    {
        var caseId = await app.AwaitingCaseAsync("acct-da-read", 0.9, "f-da-read");
        foreach (var roles in new[] { Analyst, Approver, Admin })
        {
            using var session = app.As("reader@example.org", roles);
            foreach (var path in new[] { "/dashboard/queue", $"/dashboard/cases/{caseId}", "/dashboard/accounts/acct-da-read" })
            {
                var response = await session.GetAsync(path);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Contains(caseId, await response.Content.ReadAsStringAsync());
            }
        }
    }

    [Fact]
    public async Task Analysts_cannot_decide_or_dismiss_and_do_not_see_those_controls()
    {
        var caseId = await app.AwaitingCaseAsync("acct-da-an", 0.6, "f-da-an");
        using var analyst = app.As("analyst@example.org", Analyst);
        var page = await (await analyst.GetAsync($"/dashboard/cases/{caseId}")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("/decision\"", page);
        Assert.DoesNotContain("Dismiss selected", await (await analyst.GetAsync("/dashboard/queue")).Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostFormAsync($"/dashboard/cases/{caseId}", $"/dashboard/cases/{caseId}/decision",
            ("decision", "approve"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostFormAsync("/dashboard/queue", "/dashboard/queue/dismiss",
            ("caseId", caseId), ("reason", "not spam"))).StatusCode);
        Assert.Equal("awaiting_approval", await Status(caseId));

        // What analysts can do: claim and add notes.
        Assert.Equal(HttpStatusCode.Redirect, (await analyst.PostFormAsync($"/dashboard/cases/{caseId}", $"/dashboard/cases/{caseId}/claim")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await analyst.PostFormAsync($"/dashboard/cases/{caseId}", $"/dashboard/cases/{caseId}/notes",
            ("note", "looked at it"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await analyst.PostFormAsync($"/dashboard/cases/{caseId}", $"/dashboard/cases/{caseId}/release")).StatusCode);
    }

    [Theory]
    [InlineData("EF.Approver")]
    [InlineData("group:0000-admins")]
    public async Task Approvers_and_admins_decide(string role)
    {
        var account = "acct-da-" + role.Replace(":", "").Replace(".", "").ToLowerInvariant();
        var caseId = await app.AwaitingCaseAsync(account, 0.9, "f-" + account);
        using var approver = app.As($"decider-{account}@example.org", role);
        var page = await (await approver.GetAsync($"/dashboard/cases/{caseId}")).Content.ReadAsStringAsync();
        Assert.Contains("/decision\"", page);
        var response = await approver.PostFormAsync($"/dashboard/cases/{caseId}", $"/dashboard/cases/{caseId}/decision", ("decision", "approve"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await app.CaseInStatusAsync(account, "enforced");
    }

    [Theory]
    [InlineData("/claim")]
    [InlineData("/release")]
    [InlineData("/notes")]
    [InlineData("/propose")]
    [InlineData("/decision")]
    public async Task A_form_without_its_anti_forgery_token_is_400_and_changes_nothing(string action)
    {
        var caseId = await app.AwaitingCaseAsync("acct-da-csrf" + action.Trim('/'), 0.9, "f-da-csrf" + action.Trim('/'));
        using var admin = app.As("admin@example.org", Admin);
        await admin.GetAsync($"/dashboard/cases/{caseId}"); // the anti-forgery cookie is set, but the form field is missing
        var response = await admin.PostWithoutTokenAsync($"/dashboard/cases/{caseId}{action}", ("decision", "approve"), ("note", "x"), ("reason", "x"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = await (await admin.GetAsync($"/dashboard/cases/{caseId}")).Content.ReadAsStringAsync();
        Assert.Contains("Nobody has claimed this case.", detail);
        Assert.DoesNotContain("note_", detail);
        Assert.Equal("awaiting_approval", await Status(caseId));
    }

    [Fact]
    public async Task Dashboard_responses_carry_the_security_headers()
    {
        using var analyst = app.As("headers@example.org", Analyst);
        using var anonymous = app.Anonymous();
        foreach (var response in new[]
                 {
                     await analyst.GetAsync("/dashboard/queue"),
                     await analyst.GetAsync("/dashboard/assets/dashboard.js"),
                     await anonymous.GetAsync("/dashboard/queue"),
                 })
        {
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.Contains("script-src 'self'", csp);
            Assert.Contains("frame-ancestors 'none'", csp);
            Assert.DoesNotContain("unsafe-inline", csp);
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
        var page = await (await analyst.GetAsync("/dashboard/queue")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", page);
        Assert.DoesNotContain(" style=", page);
    }

    [Fact]
    public async Task The_development_sign_in_signs_in_with_the_chosen_role_and_every_page_says_so()
    {
        using var anonymous = app.Anonymous();
        var response = await anonymous.PostFormAsync("/dashboard/sign-in", "/dashboard/sign-in", ("name", "dev-approver"), ("role", "approver"),
            ("returnUrl", "https://evil.example/"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/dashboard/queue", response.Headers.Location!.OriginalString); // no open redirect
        var queue = await (await anonymous.GetAsync("/dashboard/queue")).Content.ReadAsStringAsync();
        Assert.Contains("Development sign-in is on", queue);
        Assert.Contains("dev-approver", queue);
        Assert.Contains("Dismiss selected", queue); // the approver's control
    }

    private async Task<string> Status(string caseId)
    {
        using var analyst = app.ClientWithKey(AppFactory.AnalystKey);
        var json = System.Text.Json.JsonDocument.Parse(await analyst.GetStringAsync($"/api/cases/{caseId}"));
        return json.RootElement.GetProperty("case").GetProperty("status").GetString()!;
    }
}
