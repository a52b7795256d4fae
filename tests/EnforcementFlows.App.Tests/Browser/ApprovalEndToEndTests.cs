using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EnforcementFlows.App.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EnforcementFlows.App.Tests.Browser;

/// <summary>
/// The whole approval path with real parts: the service as a process, its email through a real
/// SMTP server (MailDev), link prefetches like a mail scanner's, and an approver in Chromium.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ApprovalEndToEndTests(BrowserFixture browser) : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "ef-tests", "e2e-" + Guid.NewGuid().ToString("N"));

    // Generous: CI runs every test project at once on two cores.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Approver_decides_from_the_inbox_in_two_clicks_and_scanners_change_nothing()
    {
        await using var mailDev = await MailDevServer.StartAsync();
        using var service = await AppProcess.StartAsync(_data, new Dictionary<string, string>
        {
            ["EnforcementFlows__Email__SmtpHost"] = mailDev.SmtpHost,
            ["EnforcementFlows__Email__SmtpPort"] = mailDev.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        try
        {
            await DecideFromInboxAsync(mailDev, service);
        }
        catch (Exception failure) when (failure is not Xunit.Sdk.XunitException)
        {
            // Say which step failed and what the service logged, so a CI log explains itself.
            throw new Xunit.Sdk.XunitException($"{failure.GetType().Name}: {failure.Message}{Environment.NewLine}service output:{Environment.NewLine}{service.OutputTail}");
        }
    }

    private async Task DecideFromInboxAsync(MailDevServer mailDev, AppProcess service)
    {
        using (var intake = service.Client(null))
        {
            var sent = await intake.SendAsync(WebhookSender.Signed("/api/flags", WebhookSender.Flag("f-e2e", "acct-e2e", 1.0, "violent_threat")));
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }
        var email = Assert.Single(await mailDev.WaitForEmailsAsync("tns-reviewer-1@example.org", 1, Patience));
        var links = System.Text.RegularExpressions.Regex.Matches(email.Html, "href=\"([^\"]+/approvals/[^\"]+)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Equal(2, links.Count);

        // A mail scanner fetches both links: nothing may change.
        using (var scanner = new HttpClient())
        {
            foreach (var link in links)
            {
                Assert.Equal(HttpStatusCode.OK, (await scanner.GetAsync(link)).StatusCode);
            }
        }
        using var admin = service.Client();
        Assert.Equal("awaiting_approval", (await admin.GetFromJsonAsync<JsonElement>("/api/cases?accountId=acct-e2e"))[0].GetProperty("status").GetString());

        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync(email.Html);
        await page.GetByRole(AriaRole.Link, new() { Name = "Approve" }).ClickAsync();              // click 1
        // Polled, as in DashboardBrowserTests: waiting for the navigation's load event timed out once on a loaded
        // machine (60 s, the page's network idle already reported), the event having fired before the wait began.
        await page.WaitForFunctionAsync("() => location.pathname.includes('/approvals/') && document.readyState !== 'loading'", null,
            new PageWaitForFunctionOptions { PollingInterval = 50, Timeout = 60_000 });
        Assert.Contains("acct-e2e", await page.ContentAsync());
        Assert.True(await page.GetByLabel("Approve").IsCheckedAsync());
        await BrowserFixture.SaveScreenshotAsync(page, "approval-confirm-page");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm decision" }).ClickAsync();  // click 2
        await page.WaitForSelectorAsync("text=Decision recorded");
        await BrowserFixture.SaveScreenshotAsync(page, "approval-decision-recorded");

        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            var account = await admin.GetFromJsonAsync<JsonElement>("/api/accounts/acct-e2e");
            if (account.GetProperty("activeRestrictions").GetArrayLength() == 1)
            {
                Assert.Equal("suspend", account.GetProperty("activeRestrictions")[0].GetProperty("kind").GetString());
                var again = await page.GotoAsync(links[0]);
                Assert.Equal(409, again!.Status);
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"the approved action was not applied within {Patience.TotalSeconds} s; service output:{Environment.NewLine}{service.OutputTail}");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
