using System.Text.RegularExpressions;
using EnforcementFlows.App.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EnforcementFlows.App.Tests.Browser;

/// <summary>
/// The review dashboard in Chromium against the service on a real port: sign in, the queue, a case,
/// an approval that reaches the account, claims between two reviewers, and a keyboard-only approval.
/// Screenshots of each page go to artifacts/screenshots/dashboard-*.png.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class DashboardBrowserTests(BrowserFixture browser, DashboardProcess service) : IClassFixture<DashboardProcess>
{
    [Fact]
    public async Task Approver_signs_in_opens_the_top_case_approves_and_sees_the_restriction_on_the_account()
    {
        // Score 0.405 (restrict for a day) is the highest any case of this class's service gets; 0.27 (warn) comes later.
        var low = await service.AwaitingCaseAsync("acct-br-low", 0.6);
        var top = await service.AwaitingCaseAsync("acct-br-top", 0.9);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var cspViolations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                cspViolations.Add(message.Text);
            }
        };

        await page.GotoAsync(service.Url("/dashboard/queue"));
        await ArrivedAtAsync(page, "/dashboard/sign-in");
        Assert.Contains("Development sign-in is on", await page.InnerTextAsync("body"));
        await page.GetByLabel("Your name").FillAsync("Ada Approver");
        await page.GetByLabel("Role").SelectOptionAsync("approver");
        await BrowserFixture.SaveScreenshotAsync(page, "dashboard-sign-in");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await ArrivedAtAsync(page, "/dashboard/queue");

        var rows = page.Locator("#queue tbody tr");
        Assert.Equal(top, await rows.Nth(0).GetAttributeAsync("data-case-id"));
        var order = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.caseId)");
        Assert.True(Array.IndexOf(order, low) > 0, "the warning is listed below the restriction");
        // The countdown script ran (the CSP allows the app's own script): the deadline reads "…h …m", not a UTC time.
        await page.WaitForFunctionAsync("() => !document.querySelector('time.countdown').textContent.includes('UTC')");
        await BrowserFixture.SaveScreenshotAsync(page, "dashboard-queue");

        var before = await MetricsSummaryAsync(page);
        await page.GotoAsync(service.Url("/dashboard/queue"));
        await page.GetByRole(AriaRole.Link, new() { Name = top }).ClickAsync();
        await ArrivedAtAsync(page, "/dashboard/cases/");
        Assert.Contains("acct-br-top", await page.InnerTextAsync("main"));
        await BrowserFixture.SaveScreenshotAsync(page, "dashboard-case");
        await page.GetByRole(AriaRole.Button, new() { Name = "Approve restrict for 1 day" }).ClickAsync();
        await page.WaitForSelectorAsync("text=Your approval was recorded");

        await service.CaseInStatusAsync("acct-br-top", "enforced");
        await page.GetByRole(AriaRole.Link, new() { Name = "acct-br-top" }).First.ClickAsync();
        await ArrivedAtAsync(page, "/dashboard/accounts/acct-br-top");
        var restrictions = await page.InnerTextAsync("#restrictions");
        Assert.Contains("restrict for 1 day", restrictions);
        Assert.Contains(top, await page.InnerTextAsync("#cases"));
        Assert.Contains("enforced", await page.InnerTextAsync("#cases"));
        await BrowserFixture.SaveScreenshotAsync(page, "dashboard-account");

        // The metrics page counts the decision: one more human decision, one fewer case waiting.
        var after = await MetricsSummaryAsync(page);
        Assert.Equal(before.Decisions + 1, after.Decisions);
        Assert.Equal(before.Waiting - 1, after.Waiting);
        Assert.Empty(cspViolations);
    }

    /// <summary>The headline numbers of the metrics page: human decisions counted by the approval rate, and cases waiting now.</summary>
    private async Task<(int Decisions, int Waiting)> MetricsSummaryAsync(IPage page)
    {
        await page.GotoAsync(service.Url("/dashboard/metrics"));
        var summary = await page.InnerTextAsync("#metrics-summary");
        var decisions = Regex.Match(summary, @"of (\d+) decisions");
        var waiting = Regex.Match(summary, @"Waiting for a human now\s+(\d+)");
        Assert.True(decisions.Success && waiting.Success, summary);
        return (int.Parse(decisions.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(waiting.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Two_reviewers_in_two_browsers_cannot_claim_the_same_case()
    {
        var caseId = await service.AwaitingCaseAsync("acct-br-claim", 0.8);
        await using var first = await browser.NewContextAsync();
        await using var second = await browser.NewContextAsync();
        var ana = await SignInAsync(first, "Ana Analyst", "analyst");
        var ben = await SignInAsync(second, "Ben Analyst", "analyst");
        await ben.ReloadAsync(); // Ben's queue still offers the claim

        await ana.GetByRole(AriaRole.Button, new() { Name = "Claim case " + caseId }).ClickAsync();
        await ana.WaitForSelectorAsync("text=You hold this case");

        await ben.GetByRole(AriaRole.Button, new() { Name = "Claim case " + caseId }).ClickAsync();
        await ben.WaitForSelectorAsync("text=Nothing was changed");
        Assert.Contains("already claimed by Ana Analyst", await ben.InnerTextAsync("main"));
        await BrowserFixture.SaveScreenshotAsync(ben, "dashboard-claim-conflict");

        await ben.GotoAsync(service.Url($"/dashboard/cases/{caseId}"));
        Assert.Contains("Claimed by Ana Analyst", await ben.InnerTextAsync("#claim-state"));
        Assert.Equal(0, await ben.GetByRole(AriaRole.Button, new() { Name = "Claim this case" }).CountAsync());
    }

    /// <summary>
    /// Navigations wait for the parsed document, not the load event: twice the load event of a dashboard page
    /// did not arrive within 60 s on a loaded machine, while the steps after a navigation wait for their elements anyway.
    /// </summary>
    /// <summary>
    /// Waits until the page's path starts with <paramref name="path"/> and its document is parsed, by polling the page.
    /// Waiting for the navigation event instead timed out now and then on a loaded machine although the page had
    /// arrived (the event had fired before the wait began).
    /// </summary>
    private static Task ArrivedAtAsync(IPage page, string path)
        => page.WaitForFunctionAsync("p => location.pathname.startsWith(p) && document.readyState !== 'loading'", path,
            new PageWaitForFunctionOptions { PollingInterval = 50, Timeout = 60_000 });

    private async Task<IPage> SignInAsync(IBrowserContext context, string name, string role)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(service.Url("/dashboard/sign-in"));
        await page.GetByLabel("Your name").FillAsync(name);
        await page.GetByLabel("Role").SelectOptionAsync(role);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await ExplainTimeoutAsync(page, "signing in", () => ArrivedAtAsync(page, "/dashboard/queue"));
        return page;
    }
}
