using EnforcementFlows.App.Email;
using EnforcementFlows.App.Tests.Infrastructure;
using EnforcementFlows.Enforcement.Approvals;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Tests.Email;

/// <summary>The notifier against a real SMTP server (MailDev).</summary>
public sealed class SmtpApprovalNotifierTests(MailDevFixture mailDev) : IClassFixture<MailDevFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_email_arrives_as_multipart_with_both_links_intact_and_the_evidence_escaped()
    {
        var to = Recipient();
        var email = SampleApprovalEmails.Create(to, evidence: ["<script>alert('x')</script> free followers", "second report: buy now"]);
        await Notifier(Smtp()).SendAsync(email, CancellationToken.None);

        var received = Assert.Single(await mailDev.Server.WaitForEmailsAsync(to, 1, Patience));
        Assert.StartsWith("multipart/alternative", received.ContentType);
        Assert.Equal(ApprovalEmailRenderer.Render(email).Subject, received.Subject);
        Assert.Contains(email.ApproveUrl.AbsoluteUri, received.Text);
        Assert.Contains(email.RejectUrl.AbsoluteUri, received.Text);
        Assert.Contains($"href=\"{email.ApproveUrl.AbsoluteUri}\"", received.Html);
        Assert.Contains($"href=\"{email.RejectUrl.AbsoluteUri}\"", received.Html);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; free followers", received.Html);
        Assert.DoesNotContain("<script", received.Html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("second report: buy now", received.Text);
    }

    [Theory]
    [InlineData(ApprovalEmailKind.Reminder, "[Reminder] ")]
    [InlineData(ApprovalEmailKind.Escalation, "[Escalated] ")]
    public async Task Reminders_and_escalations_arrive_with_their_own_subject(ApprovalEmailKind kind, string prefix)
    {
        var to = Recipient();
        await Notifier(Smtp()).SendAsync(SampleApprovalEmails.Create(to, kind), CancellationToken.None);
        var received = Assert.Single(await mailDev.Server.WaitForEmailsAsync(to, 1, Patience));
        Assert.StartsWith(prefix + "Approval needed", received.Subject);
    }

    [Fact]
    public async Task Only_the_case_and_the_recipient_domain_are_logged_never_the_links_or_the_address()
    {
        var to = Recipient();
        var logger = new CapturingLogger<SmtpApprovalNotifier>();
        await Notifier(Smtp(), logger).SendAsync(SampleApprovalEmails.Create(to), CancellationToken.None);

        var sent = Assert.Single(logger.Entries, e => e.EventId.Id == 2010);
        Assert.Contains("case-7f3a", sent.Message);
        Assert.Contains("example.com", sent.Message);
        AssertNothingSecret(logger, to);
    }

    [Fact]
    public async Task A_failed_send_is_thrown_and_logged_without_the_address_or_links()
    {
        var logger = new CapturingLogger<SmtpApprovalNotifier>();
        var closedPort = new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = FreePort() };
        var to = Recipient();
        await Assert.ThrowsAsync<System.Net.Mail.SmtpException>(() => Notifier(closedPort, logger).SendAsync(SampleApprovalEmails.Create(to), CancellationToken.None));

        var failed = Assert.Single(logger.Entries, e => e.EventId.Id == 2011);
        Assert.Contains("case-7f3a", failed.Message);
        AssertNothingSecret(logger, to);
    }

    [Fact]
    public async Task A_relay_that_never_answers_fails_the_send_after_the_timeout()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start(); // accepts connections (the backlog) and never says a word
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        var options = new EmailOptions { SmtpHost = "127.0.0.1", SmtpPort = port, Timeout = TimeSpan.FromSeconds(1) };
        var logger = new CapturingLogger<SmtpApprovalNotifier>();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => Notifier(options, logger).SendAsync(SampleApprovalEmails.Create(Recipient()), CancellationToken.None));
        Assert.Contains("EnforcementFlows:Email:Timeout", error.Message);
        Assert.Single(logger.Entries, e => e.EventId.Id == 2011);
    }

    [Fact]
    public async Task An_authenticated_relay_gets_the_credentials_and_the_password_is_never_logged()
    {
        const string password = "s3cret-relay-password";
        await using var relay = await MailDevServer.StartAsync("--incoming-user", "mailer", "--incoming-pass", password);
        var to = Recipient();
        var logger = new CapturingLogger<SmtpApprovalNotifier>();
        var options = new EmailOptions { SmtpHost = relay.SmtpHost, SmtpPort = relay.SmtpPort, UserName = "mailer", Password = password };
        await Notifier(options, logger).SendAsync(SampleApprovalEmails.Create(to), CancellationToken.None);

        Assert.Single(await relay.WaitForEmailsAsync(to, 1, Patience));
        Assert.DoesNotContain(logger.Entries, e => e.All.Contains(password, StringComparison.Ordinal));
        Assert.Contains(logger.Entries, e => e.EventId.Id == 2000 && e.All.Contains("Authenticated=True", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Wrong_credentials_are_refused_by_the_relay()
    {
        await using var relay = await MailDevServer.StartAsync("--incoming-user", "mailer", "--incoming-pass", "right");
        var options = new EmailOptions { SmtpHost = relay.SmtpHost, SmtpPort = relay.SmtpPort, UserName = "mailer", Password = "wrong" };
        await Assert.ThrowsAsync<System.Net.Mail.SmtpException>(() => Notifier(options).SendAsync(SampleApprovalEmails.Create(Recipient()), CancellationToken.None));
    }

    private EmailOptions Smtp() => new() { SmtpHost = mailDev.Server.SmtpHost, SmtpPort = mailDev.Server.SmtpPort };

    private static SmtpApprovalNotifier Notifier(EmailOptions options, CapturingLogger<SmtpApprovalNotifier>? logger = null) =>
        new(Options.Create(options), logger ?? new CapturingLogger<SmtpApprovalNotifier>());

    // Each test has its own recipient, so tests sharing one MailDev never see each other's mail.
    private static string Recipient() => $"approver-{Guid.NewGuid():N}@example.com";

    private static void AssertNothingSecret(CapturingLogger<SmtpApprovalNotifier> logger, string to)
    {
        var localPart = to.Split('@')[0];
        foreach (var entry in logger.Entries)
        {
            Assert.DoesNotContain(SampleApprovalEmails.ApproveToken, entry.All);
            Assert.DoesNotContain(SampleApprovalEmails.RejectToken, entry.All);
            Assert.DoesNotContain("/approvals/", entry.All);
            Assert.DoesNotContain(localPart, entry.All);
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
