using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EnforcementFlows.App.Tests.Infrastructure;

namespace EnforcementFlows.App.Tests;

/// <summary>An approval link still works after the service was SIGKILLed during the wait.</summary>
public sealed partial class ApprovalRestartTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "ef-tests", "approval-restart-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Approval_after_a_SIGKILL_and_restart_applies_the_action()
    {
        var settings = new Dictionary<string, string>();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() });
        string path;
        string page;
        using (var first = await AppProcess.StartAsync(_data, settings))
        {
            using var client = first.Client(null);
            var sent = await client.SendAsync(WebhookSender.Signed("/api/flags", WebhookSender.Flag("f-rs", "acct-rs", 1.0, "violent_threat")));
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
            path = new Uri(await WaitForOutboxLink(TimeSpan.FromSeconds(30))).AbsolutePath;
            // The approver opens the page, then the service dies before they press the button.
            page = await browser.GetStringAsync(first.BaseUrl + path);
            first.Kill();
        }

        using var second = await AppProcess.StartAsync(_data, settings);
        var posted = await browser.PostAsync(second.BaseUrl + path, ApprovalForm.Submit(page, "approve"));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        using var admin = second.Client();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var account = await admin.GetFromJsonAsync<JsonElement>("/api/accounts/acct-rs");
            if (account.GetProperty("activeRestrictions").GetArrayLength() == 1)
            {
                Assert.Equal("suspend", account.GetProperty("activeRestrictions")[0].GetProperty("kind").GetString());
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail("the approved suspension was not applied after the restart");
    }

    private async Task<string> WaitForOutboxLink(TimeSpan timeout)
    {
        var outbox = Path.Combine(_data, "outbox");
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.Exists(outbox) && Directory.GetFiles(outbox, "*.eml").FirstOrDefault() is { } file)
            {
                var match = Link().Match(QuotedPrintable.Decode(await File.ReadAllTextAsync(file)));
                if (match.Success)
                {
                    return match.Groups[1].Value;
                }
            }
            await Task.Delay(50);
        }
        throw new TimeoutException("no approval email reached the outbox");
    }

    [GeneratedRegex(@"APPROVE: (\S+)")]
    private static partial Regex Link();

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
