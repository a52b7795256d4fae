using System.Text.RegularExpressions;
using EnforcementFlows.App.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EnforcementFlows.App.Tests.Browser;

public sealed partial class DashboardBrowserTests
{
    [Fact]
    public async Task An_approver_signs_in_and_approves_with_Tab_and_Enter_only()
    {
        var caseId = await service.AwaitingCaseAsync("acct-br-keys", 0.85) /* score 0.38: a warning, below the other tests' top case */;
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(service.Url("/dashboard/sign-in"));

        await TabUntilAsync(page, "INPUT:name");
        await page.Keyboard.TypeAsync("Kim Keyboard");
        await TabUntilAsync(page, "SELECT:role");
        await page.Keyboard.TypeAsync("approver"); // a focused select takes typed text
        await TabUntilAsync(page, "BUTTON:Sign in");
        await page.Keyboard.PressAsync("Enter");
        await ExplainTimeoutAsync(page, "signing in", () => ArrivedAtAsync(page, "/dashboard/queue"));

        await TabUntilAsync(page, "A:" + caseId);
        await page.Keyboard.PressAsync("Enter");
        await ExplainTimeoutAsync(page, "opening the case", () => ArrivedAtAsync(page, "/dashboard/cases/"));
        await TabUntilAsync(page, "BUTTON:Approve warn");
        await BrowserFixture.SaveScreenshotAsync(page, "dashboard-keyboard-focus-on-approve");
        await page.Keyboard.PressAsync("Enter");
        await ExplainTimeoutAsync(page, "approving", () => page.WaitForSelectorAsync("text=Your approval was recorded"));
        await service.CaseInStatusAsync("acct-br-keys", "enforced");
    }

    /// <summary>A wait that timed out says where the page is, what it shows and what the service logged (it once timed out in CI signing in).</summary>
    private async Task ExplainTimeoutAsync(IPage page, string step, Func<Task> wait)
    {
        try
        {
            await wait();
        }
        catch (TimeoutException ex)
        {
            var body = await page.InnerTextAsync("body");
            throw new Xunit.Sdk.XunitException($"{step}: {ex.Message}{Environment.NewLine}page: {page.Url}{Environment.NewLine}" +
                $"{body[..Math.Min(body.Length, 600)]}{Environment.NewLine}service output:{Environment.NewLine}{service.Service.OutputTail}");
        }
    }

    /// <summary>Presses Tab until the focused element is "TAG:name-or-text"; fails after 80 presses.</summary>
    private static async Task TabUntilAsync(IPage page, string target)
    {
        const string Focused = "() => { const e = document.activeElement; if (!e) return ''; const label = e.tagName === 'BUTTON' || e.tagName === 'A' ? e.textContent.trim() : e.name; return e.tagName + ':' + label; }";
        var seen = new List<string>();
        for (var i = 0; i < 80; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>(Focused);
            if (focused == target)
            {
                return;
            }
            seen.Add(focused);
        }
        Assert.Fail($"Tab never reached {target}; focus went through: {string.Join(" | ", seen.Distinct())}");
    }
}
