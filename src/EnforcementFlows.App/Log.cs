using EnforcementFlows.Enforcement.Approvals;

namespace EnforcementFlows.App;

/// <summary>
/// Log lines of the App assembly. Event ids: 2000-2099 email, 2100-2199 dashboard, 2300-2349 dashboard metrics and operations, 2400-2449 the SDK workflow engine (task hub worker, outbox relay), 2500-2549 DSA (Transparency Database connector, appeals, notices; never a token, an account's statement text or a reporter). Approval emails are logged by
/// case id and recipient domain only: the links carry the approver's token, and the address
/// is personal data.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(2000, LogLevel.Information, "Approval emails are delivered by SMTP to {SmtpHost}:{SmtpPort} (TLS: {EnableSsl}, authenticated: {Authenticated})")]
    public static partial void EmailUsesSmtp(ILogger logger, string smtpHost, int smtpPort, bool enableSsl, bool authenticated);

    [LoggerMessage(2001, LogLevel.Information, "Approval emails are written as .eml files to {PickupDirectory} (no SMTP host configured)")]
    public static partial void EmailUsesPickupDirectory(ILogger logger, string pickupDirectory);

    [LoggerMessage(2010, LogLevel.Information, "Approval email ({Kind}) for case {CaseId} sent to a recipient at {RecipientDomain}")]
    public static partial void ApprovalEmailSent(ILogger logger, ApprovalEmailKind kind, string caseId, string recipientDomain);

    // No exception object: an SMTP server's reply can echo the full address back.
    [LoggerMessage(2011, LogLevel.Warning, "Approval email ({Kind}) for case {CaseId} to a recipient at {RecipientDomain} was not sent: {ErrorType} (SMTP status {SmtpStatus})")]
    public static partial void ApprovalEmailFailed(ILogger logger, ApprovalEmailKind kind, string caseId, string recipientDomain, string errorType, string smtpStatus);

    // 2100-2199: dashboard. Case ids and outcomes only: reviewer names are personal data and stay in the audit trail.
    [LoggerMessage(2100, LogLevel.Information, "Dashboard decision '{Decision}' on case {CaseId} delivered to its workflow")]
    public static partial void DashboardDecisionRecorded(ILogger logger, string decision, string caseId);

    [LoggerMessage(2101, LogLevel.Information, "Dashboard action '{Action}' on case {CaseId} refused with status {Status}")]
    public static partial void DashboardActionRefused(ILogger logger, string action, string caseId, int status);

    [LoggerMessage(2102, LogLevel.Information, "Human proposal recorded on case {CaseId}")]
    public static partial void HumanProposalRecorded(ILogger logger, string caseId);

    // 2300-2349: dashboard metrics and operations.
    [LoggerMessage(2300, LogLevel.Information, "Audit chain verified from the dashboard (the reviewer's name is on the page, not in logs): ok {Ok}, {RecordsChecked} records checked, first bad index {FirstBadIndex}")]
    public static partial void AuditVerifiedFromDashboard(ILogger logger, bool ok, long recordsChecked, long? firstBadIndex);

    // 2400-2449: the SDK workflow engine. Error types only: messages can carry a connection string's parts.
    [LoggerMessage(2400, LogLevel.Warning, "Workflow outbox relay failed ({ErrorType}); retrying in {DelayMs} ms. Nothing is lost: the rows wait in the outbox")]
    public static partial void RelayFailed(ILogger logger, string errorType, double delayMs);

    [LoggerMessage(2403, LogLevel.Information, "Task hub retention: purged {Count} finished workflow instances created before {Cutoff:u}")]
    public static partial void TaskHubPurged(ILogger logger, int count, DateTimeOffset cutoff);

    [LoggerMessage(2404, LogLevel.Warning, "Task hub retention: the purge failed ({ErrorType}); the next interval tries again")]
    public static partial void TaskHubPurgeFailed(ILogger logger, string errorType);

    [LoggerMessage(2405, LogLevel.Warning, "Task hub retention is off: this task hub backend cannot purge ({ErrorType})")]
    public static partial void TaskHubPurgeUnsupported(ILogger logger, string errorType);

    [LoggerMessage(2401, LogLevel.Information, "Workflow engine: Durable Task SDK on the Durable Task Framework, task hub '{HubName}' on {Provider}")]
    public static partial void TaskHubStarted(ILogger logger, string hubName, string provider);

    [LoggerMessage(2402, LogLevel.Warning, "The domain database is PostgreSQL but this process's task hub is its own SQLite file: run one service process only, or set EnforcementFlows:Workflows:TaskHub:Provider=Postgres (several processes with a task hub each would split an account's signals across instances)")]
    public static partial void TaskHubNotShared(ILogger logger);

    [LoggerMessage(2500, LogLevel.Information, "Transparency Database connector on: submitting statements of reasons to {Host} in batches of up to {BatchSize}")]
    public static partial void TransparencyDatabaseOn(ILogger logger, string host, int batchSize);

    [LoggerMessage(2501, LogLevel.Information, "Transparency Database: {Count} statements submitted")]
    public static partial void TransparencySubmitted(ILogger logger, int count);

    [LoggerMessage(2502, LogLevel.Information, "Transparency Database: {Count} statements were already there (same puid); counted as submitted")]
    public static partial void TransparencyDuplicates(ILogger logger, int count);

    [LoggerMessage(2503, LogLevel.Error, "Transparency Database rejected statement {StatementId}: {Errors}. It is kept as rejected (GET /api/transparency); fix the policy's statements mapping")]
    public static partial void TransparencyRejected(ILogger logger, string statementId, string errors);

    [LoggerMessage(2504, LogLevel.Warning, "Transparency Database rate limited the connector (429); waiting {RetryAfterMs} ms as Retry-After says")]
    public static partial void TransparencyRateLimited(ILogger logger, long retryAfterMs);

    [LoggerMessage(2505, LogLevel.Warning, "Transparency Database submission failed ({Reason}); {Count} statements stay queued, retry in {DelayMs} ms")]
    public static partial void TransparencyFailed(ILogger logger, string reason, int count, long delayMs);

    [LoggerMessage(2506, LogLevel.Warning, "Transparency Database pass failed ({ErrorType}); the statements stay queued")]
    public static partial void TransparencyPassFailed(ILogger logger, string errorType);

    [LoggerMessage(2510, LogLevel.Warning, "Outcome notice {NoticeId} not delivered ({Error}); retrying in {DelayMs} ms")]
    public static partial void NoticeFailed(ILogger logger, string noticeId, string error, long delayMs);

    [LoggerMessage(2511, LogLevel.Warning, "Outcome notice pass failed ({ErrorType}); the notices stay queued")]
    public static partial void NoticePassFailed(ILogger logger, string errorType);
}
