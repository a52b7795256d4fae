using System.Text.Json.Nodes;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Audit;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.Enforcement.Workflows;

/// <summary>
/// Opens the case. With no collect window there is nothing to wait for: given the seed signal (1.2), it
/// also assesses and concludes the case, the case row going in with the assessment.
/// </summary>
internal sealed class OpenCaseActivity(IDomainDatabase store, TimeProvider time, Microsoft.Extensions.Options.IOptions<CaseOptions> options,
    Policy.PolicyEngine policy, Scoring.CaseScorer scorer, EnforcementFlows.Scoring.TextScorer textScorer, Gateway.IEnforcementGateway gateway,
    CaseWorkflowCommands workflows)
    : EnforcementActivity<CaseActivities.OpenInput, CaseActivities.CaseSettings>
{
    public override async Task<CaseActivities.CaseSettings> RunAsync(ActivityCallContext context, CaseActivities.OpenInput input)
    {
        var window = options.Value.CollectWindow;
        var opening = new CaseOpening(input.CaseId, input.AccountId, input.InstanceId, time.GetUtcNow().ToUnixTimeMilliseconds());
        if (window <= TimeSpan.Zero && input.ConcludeWith is { } seed)
        {
            var conclusion = await new CaseConcluder(store, time, policy, scorer, textScorer, gateway, workflows)
                .ConcludeAsync(context, new CaseActivities.AssessInput(input.CaseId, input.AccountId, [seed]), opening);
            return new CaseActivities.CaseSettings(window, conclusion);
        }
        await store.RunInTransactionAsync(tx =>
        {
            new NewCaseRow(opening).InsertIfAbsent(tx);
            return true;
        }, context.CancellationToken);
        return new CaseActivities.CaseSettings(window);
    }
}

internal sealed class ApprovalExpiredActivity(IDomainDatabase store, TimeProvider time) : EnforcementActivity<CaseActivities.CaseRef, bool>
{
    public override Task<bool> RunAsync(ActivityCallContext context, CaseActivities.CaseRef input)
        => store.RunInTransactionAsync(tx =>
        {
            var now = time.GetUtcNow();
            if (tx.Execute("UPDATE ef_cases SET status = 'approval_expired', updated_at = $p1 WHERE case_id = $p0 AND status = 'awaiting_approval'",
                input.CaseId, now.ToUnixTimeMilliseconds()) == 0)
            {
                return false;
            }
            AuditLedger.Append(tx, new AuditEntry(now, AuditKind.ApprovalExpired, "system:timeout", AuditEntries.Data([]), input.CaseId, input.AccountId));
            return true;
        }, context.CancellationToken);
}

internal sealed class CloseCaseActivity(IDomainDatabase store, TimeProvider time) : EnforcementActivity<CaseActivities.CloseInput, bool>
{
    public override Task<bool> RunAsync(ActivityCallContext context, CaseActivities.CloseInput input)
        => store.RunInTransactionAsync(tx => Close(tx, input, time.GetUtcNow()), context.CancellationToken);

    /// <summary>Closes the case inside the caller's transaction; false when it was closed already (a redelivery).</summary>
    /// <param name="openOf">
    /// The case's account, when the caller knows the case is open (it assessed the case in this transaction, and a
    /// case closes only after its assessment): then the update needs no answer and rides with the next round trip.
    /// </param>
    /// <param name="row">The case's row when this transaction opens the case: it takes the close instead of an update.</param>
    internal static bool Close(IDomainTransaction tx, CaseActivities.CloseInput input, DateTimeOffset now, string? openOf = null, NewCaseRow? row = null)
    {
        const string Update = "UPDATE ef_cases SET status = $p1, closed_at = $p2, updated_at = $p2 WHERE case_id = $p0 AND closed_at IS NULL";
        string? account;
        var opened = row?.Pending == true;
        if (opened)
        {
            row!.Closed(input.Status, now.ToUnixTimeMilliseconds());
            account = row.AccountId;
        }
        else if (openOf is not null)
        {
            tx.Defer(Update, input.CaseId, input.Status, now.ToUnixTimeMilliseconds());
            account = openOf;
        }
        else
        {
            account = tx.Scalar(Update + " RETURNING account_id", input.CaseId, input.Status, now.ToUnixTimeMilliseconds()) as string;
        }
        if (account is null)
        {
            return false;
        }
        // The case's reporters' tallies, which the assessment of their later reports reads.
        ReporterTallies.CaseClosed(tx, input.CaseId, input.Status == "enforced");
        // Each reporter hears the outcome (DSA Art. 16(5)); queued before COMMIT, when the case's statement is written too.
        Notices.ReporterNotices.CaseClosed(tx, input.CaseId, input.Status, now);
        // Links still in inboxes now answer "superseded" (a case opened in this transaction has none).
        if (!opened)
        {
            tx.Defer("UPDATE ef_approvals SET superseded_at = $p1 WHERE case_id = $p0 AND used_at IS NULL AND superseded_at IS NULL", input.CaseId, now.ToUnixTimeMilliseconds());
        }
        AuditLedger.Append(tx, new AuditEntry(now, AuditKind.CaseClosed, "case-workflow",
            AuditEntries.Data(new JsonObject { ["status"] = input.Status, ["reason"] = input.Reason }), input.CaseId, account));
        return true;
    }
}
