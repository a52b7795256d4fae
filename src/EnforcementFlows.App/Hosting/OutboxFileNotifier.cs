using EnforcementFlows.Enforcement.Approvals;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Hosting;

/// <summary>
/// Writes each approval email as a text file to {DataDirectory}/outbox (owner-only permissions),
/// for installs without SMTP. Replaced by the SMTP/pickup notifier when email is configured.
/// </summary>
internal sealed class OutboxFileNotifier(IOptions<EnforcementFlowsOptions> options) : IApprovalNotifier
{
    public async Task SendAsync(ApprovalEmail email, CancellationToken cancellation)
    {
        var directory = options.Value.DataPath("outbox");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{DateTime.UtcNow:yyyyMMddTHHmmssfff}-{email.CaseId}-{Guid.NewGuid():N}.txt");
        var text = $"""
            To: {email.To}
            Subject: [{email.Kind}] {email.Category} case {email.CaseId} on {email.AccountId}: {email.ProposedAction}{(email.Duration is null ? "" : " for " + email.Duration)}

            Score {email.Score:0.###}: {string.Join("; ", email.TopContributions)}
            Evidence:
            {string.Join(Environment.NewLine, email.EvidenceExcerpts.Select(e => "  > " + e))}

            Approve: {email.ApproveUrl}
            Reject:  {email.RejectUrl}
            Links expire {email.ExpiresAt:u}.
            """;
        await File.WriteAllTextAsync(path, text, cancellation);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
