using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using EnforcementFlows.Enforcement.Approvals;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Email;

/// <summary>
/// Sends approval emails with System.Net.Mail: to the SMTP relay when one is configured, else as
/// .eml files in the pickup directory. Failures are thrown to the caller (the workflow retries);
/// only the case id and the recipient's domain are ever logged.
/// </summary>
public sealed class SmtpApprovalNotifier : IApprovalNotifier
{
    private readonly EmailOptions _options;
    private readonly MailAddress _from;
    private readonly ILogger<SmtpApprovalNotifier> _logger;

    public SmtpApprovalNotifier(IOptions<EmailOptions> options, ILogger<SmtpApprovalNotifier> logger)
    {
        _options = options.Value;
        _from = new MailAddress(_options.From);
        _logger = logger;
        if (_options.UsesSmtp)
        {
            Log.EmailUsesSmtp(logger, _options.SmtpHost!, _options.SmtpPort, _options.EnableSsl, !string.IsNullOrEmpty(_options.UserName));
        }
        else
        {
            Log.EmailUsesPickupDirectory(logger, _options.PickupDirectory!);
        }
    }

    public async Task SendAsync(ApprovalEmail email, CancellationToken cancellation)
    {
        var to = new MailAddress(email.To);
        using var message = CreateMessage(_from, to, ApprovalEmailRenderer.Render(email));
        using var client = CreateClient();
        // SmtpClient.Timeout only bounds the synchronous Send: a relay that stops answering
        // would otherwise hold the caller (a workflow activity) forever.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(_options.Timeout);
        try
        {
            await client.SendMailAsync(message, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            Log.ApprovalEmailFailed(_logger, email.Kind, email.CaseId, to.Host, "Timeout", "none");
            throw new TimeoutException($"The SMTP relay did not accept the approval email within {_options.Timeout.TotalSeconds} s ({EmailOptions.Section}:Timeout).");
        }
        catch (Exception e) when (e is SmtpException or IOException or InvalidOperationException)
        {
            Log.ApprovalEmailFailed(_logger, email.Kind, email.CaseId, to.Host, e.GetType().Name, (e as SmtpException)?.StatusCode.ToString() ?? "none");
            throw;
        }
        Log.ApprovalEmailSent(_logger, email.Kind, email.CaseId, to.Host);
    }

    internal static MailMessage CreateMessage(MailAddress from, MailAddress to, RenderedApprovalEmail rendered)
    {
        var message = new MailMessage(from, to)
        {
            Subject = rendered.Subject,
            SubjectEncoding = Encoding.UTF8,
            HeadersEncoding = Encoding.UTF8,
            // The plain body plus an HTML alternative makes multipart/alternative. Quoted-printable
            // rather than the base64 System.Net.Mail picks for UTF-8: an .eml stays mostly readable.
            // Mail text lines end in CRLF (RFC 5322), whatever the platform's newline is.
            Body = rendered.Text.ReplaceLineEndings("\r\n"),
            BodyEncoding = Encoding.UTF8,
            BodyTransferEncoding = TransferEncoding.QuotedPrintable,
            IsBodyHtml = false,
        };
        var html = AlternateView.CreateAlternateViewFromString(rendered.Html.ReplaceLineEndings("\r\n"), Encoding.UTF8, MediaTypeNames.Text.Html);
        html.TransferEncoding = TransferEncoding.QuotedPrintable;
        message.AlternateViews.Add(html);
        return message;
    }

    private SmtpClient CreateClient()
    {
        if (!_options.UsesSmtp)
        {
            Directory.CreateDirectory(_options.PickupDirectory!);
            return new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = _options.PickupDirectory };
        }
        var client = new SmtpClient(_options.SmtpHost, _options.SmtpPort)
        {
            DeliveryMethod = SmtpDeliveryMethod.Network,
            EnableSsl = _options.EnableSsl,
            UseDefaultCredentials = false,
        };
        if (!string.IsNullOrEmpty(_options.UserName))
        {
            client.Credentials = new NetworkCredential(_options.UserName, _options.Password);
        }
        return client;
    }
}
