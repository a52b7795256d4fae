using EnforcementFlows.Enforcement.Approvals;

namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>A complete approval email with recognisable values; tests override what they look at.</summary>
public static class SampleApprovalEmails
{
    public const string ApproveToken = "tok_approve_Q2FzZS0xMjM0NTY3ODkwYWJjZGVm";
    public const string RejectToken = "tok_reject_UmVqZWN0LTEyMzQ1Njc4OTBhYmNkZWY";

    public static ApprovalEmail Create(string to = "approver@example.com", ApprovalEmailKind kind = ApprovalEmailKind.Request,
        IReadOnlyList<string>? evidence = null, string linkBase = "https://enforcement.example/approvals") => new(
            To: to,
            Kind: kind,
            CaseId: "case-7f3a",
            AccountId: "acct-4711",
            Category: "spam",
            Score: 0.8749,
            TopContributions: ["text classifier: 0.52", "3 distinct reporters: 0.25", "spam-detector flag: 0.10"],
            EvidenceExcerpts: evidence ?? ["Buy cheap pills now!!! Click http://spam.example/offer to claim your prize"],
            ProposedAction: "suspend",
            Duration: "7 days",
            ApproveUrl: new Uri($"{linkBase}/approve?token={ApproveToken}"),
            RejectUrl: new Uri($"{linkBase}/reject?token={RejectToken}"),
            ExpiresAt: new DateTimeOffset(2026, 12, 1, 11, 30, 0, TimeSpan.FromHours(2)));
}
