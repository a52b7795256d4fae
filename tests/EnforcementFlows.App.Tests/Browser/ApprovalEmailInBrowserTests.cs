using EnforcementFlows.App.Email;
using EnforcementFlows.App.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;

namespace EnforcementFlows.App.Tests.Browser;

/// <summary>An approval email delivered over SMTP, opened in a browser the way an approver would.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ApprovalEmailInBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_approve_button_of_a_delivered_email_leads_to_its_approve_link()
    {
        var opened = new List<string>();
        await using var site = await LocalWebApp.StartAsync(app =>
            app.MapGet("/approvals/{decision}", (string decision, string token) =>
            {
                lock (opened)
                {
                    opened.Add($"{decision}:{token}");
                }
                return Results.Content($"<!DOCTYPE html><html><body><h1>Confirm {decision}</h1></body></html>", "text/html");
            }));
        await using var mailDev = await MailDevServer.StartAsync();
        var to = $"approver-{Guid.NewGuid():N}@example.com";
        var email = SampleApprovalEmails.Create(to, evidence: ["<script>document.title='pwned'</script>"], linkBase: site.Url + "/approvals");
        var notifier = new SmtpApprovalNotifier(Options.Create(new EmailOptions { SmtpHost = mailDev.SmtpHost, SmtpPort = mailDev.SmtpPort }),
            new CapturingLogger<SmtpApprovalNotifier>());
        await notifier.SendAsync(email, CancellationToken.None);
        var received = Assert.Single(await mailDev.WaitForEmailsAsync(to, 1, TimeSpan.FromSeconds(20)));

        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.SetContentAsync(received.Html);
        Assert.Equal("A case needs your approval", await page.TitleAsync()); // the escaped evidence did not run
        await BrowserFixture.SaveScreenshotAsync(page, "approval-email-request");

        await page.GetByRole(AriaRole.Link, new() { Name = "Approve" }).ClickAsync();
        await page.WaitForURLAsync(email.ApproveUrl.AbsoluteUri);
        Assert.Equal("Confirm approve", await page.Locator("h1").TextContentAsync());
        Assert.Equal([$"approve:{SampleApprovalEmails.ApproveToken}"], opened);
    }
}
