using EnforcementFlows.App.Email;
using EnforcementFlows.App.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Tests.Email;

/// <summary>The default delivery: .eml files a person (or a test) can open.</summary>
public sealed class PickupDirectoryTests : IDisposable
{
    private readonly string _outbox = Path.Combine(Path.GetTempPath(), "ef-tests", "outbox-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Without_an_smtp_host_the_email_is_written_as_an_eml_file_with_both_links()
    {
        var logger = new CapturingLogger<SmtpApprovalNotifier>();
        var notifier = new SmtpApprovalNotifier(Options.Create(new EmailOptions { PickupDirectory = _outbox }), logger);
        var email = SampleApprovalEmails.Create("approver@example.com", evidence: ["<b>bold</b> claim"]);

        await notifier.SendAsync(email, CancellationToken.None);

        var eml = Assert.Single(Directory.GetFiles(_outbox, "*.eml"));
        var raw = await File.ReadAllTextAsync(eml);
        Assert.Contains("Content-Type: multipart/alternative", raw);
        Assert.Contains("Content-Transfer-Encoding: quoted-printable", raw);
        var decoded = QuotedPrintable.Decode(raw);
        Assert.Contains($"APPROVE: {email.ApproveUrl.AbsoluteUri}", decoded);
        Assert.Contains($"REJECT:  {email.RejectUrl.AbsoluteUri}", decoded);
        Assert.Contains($"href=\"{email.ApproveUrl.AbsoluteUri}\"", decoded);
        Assert.Contains($"href=\"{email.RejectUrl.AbsoluteUri}\"", decoded);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt; claim", decoded);
        Assert.Contains("To: approver@example.com", raw);
        Assert.Contains(logger.Entries, e => e.EventId.Id == 2001 && e.Message.Contains(_outbox, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_outbox, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
