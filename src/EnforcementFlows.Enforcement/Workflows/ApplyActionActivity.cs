using System.Text.Json.Nodes;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Actions;
using EnforcementFlows.Enforcement.Audit;
using EnforcementFlows.Enforcement.Gateway;
using EnforcementFlows.Enforcement.Policy;
using EnforcementFlows.Enforcement.Statements;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Enforcement.Webhooks;

namespace EnforcementFlows.Enforcement.Workflows;

/// <summary>
/// Applies an action through the enforcement gateway (the platform's webhook, or the built-in
/// account store), once per idempotency key: the gateway call is repeated with the same key until
/// it is confirmed, then the action, its audit record and the lift of a time-limited action commit
/// in one transaction.
/// </summary>
internal sealed class ApplyActionActivity(IDomainDatabase store, TimeProvider time, IEnforcementGateway gateway, CaseWorkflowCommands workflows,
    PolicyEngine policy)
    : EnforcementActivity<CaseActivities.ApplyInput, CaseActivities.Applied>
{
    public override async Task<CaseActivities.Applied> RunAsync(ActivityCallContext context, CaseActivities.ApplyInput input)
    {
        var key = KeyOf(context);
        // Committed already (a redelivery after a crash): answer without calling the gateway again. Read
        // outside the writer; the transaction below checks again.
        if ((await store.QueryCommittedAsync(FindSql, ReadApplied, context.CancellationToken, key)).FirstOrDefault() is { } existing)
        {
            return existing;
        }

        var applied = Prepare(input, key, time.GetUtcNow());
        // The statement of reasons is built before the call, from the committed case, so the platform gets it with the action.
        var facts = await StatementRecords.LoadCommittedAsync(store, input, applied, StatementBuilder.IdFor(key), context.CancellationToken);
        var statement = StatementBuilder.Build(facts, policy.Policy);
        try
        {
            await gateway.DeliverAsync(EnforcementWebhookPayload.For(applied, key, statement), context.CancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            await store.RunInTransactionAsync(tx => AuditLedger.Append(tx, new AuditEntry(time.GetUtcNow(), AuditKind.ActionFailed, "enforcement-gateway:" + gateway.Name,
                AuditEntries.Data(new JsonObject { ["actionId"] = applied.ActionId, ["attempt"] = context.Attempt, ["error"] = ex.Message, ["idempotencyKey"] = key }),
                input.CaseId, input.AccountId)), CancellationToken.None);
            throw;
        }

        return await store.RunInTransactionAsync(tx => Record(tx, input, key, applied, gateway.Name, time, workflows, statement: (statement, facts.Approvers)),
            context.CancellationToken);
    }

    /// <summary>The idempotency key of the call: the same for every delivery and retry of it.</summary>
    internal static string KeyOf(ActivityCallContext context)
        => IdempotencyKey.Derive(context.InstanceId, context.ExecutionId, context.TaskId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    internal static AppliedAction Prepare(CaseActivities.ApplyInput input, string key, DateTimeOffset now)
    {
        var actionId = "act_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)))[..20];
        return new AppliedAction(actionId, input.CaseId, input.AccountId, Parse(input.Outcome, input.DurationSeconds), now, input.Reason, input.PolicyHash);
    }

    /// <summary>
    /// Records a delivered action inside the caller's transaction: the action, its audit record, the close of
    /// its case (when asked) and the scheduled lift of a time-limited one. Once per key: a second run finds the first's row.
    /// </summary>
    /// <param name="fresh">
    /// The caller decided on this action in this transaction, so nothing is recorded under its key yet and its case is
    /// open: the writes need no answers and ride with the next round trip.
    /// </param>
    /// <param name="row">The case's row when this transaction opens the case: it takes the status instead of an update.</param>
    /// <param name="statement">The action's statement of reasons and who approved it, stored with the action.</param>
    internal static CaseActivities.Applied Record(IDomainTransaction tx, CaseActivities.ApplyInput input, string key, AppliedAction applied, string gatewayName,
        TimeProvider time, CaseWorkflowCommands workflows, bool fresh = false, NewCaseRow? row = null,
        (StatementOfReasons Statement, IReadOnlyList<string> DecidedBy)? statement = null)
    {
        const string Insert = """
            INSERT INTO ef_actions (action_id, idempotency_key, account_id, case_id, kind, duration_seconds, reason, applied_at, expires_at)
            VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8)
            """;
        object?[] values = [applied.ActionId, key, input.AccountId, input.CaseId, applied.Action.Kind.ToWireName(), input.DurationSeconds, input.Reason,
            applied.AppliedAt.ToUnixTimeMilliseconds(), applied.ExpiresAt?.ToUnixTimeMilliseconds()];
        if (fresh)
        {
            // Another delivery racing this one fails on the assessment's guard, which is checked before COMMIT; it must
            // not fail here first on the key (a constraint error would be its own, not the guard's clear one).
            tx.Defer(Insert + " ON CONFLICT DO NOTHING", values);
        }
        // A second run of this activity (its lease ran out) may have recorded the action first: then its row is the answer.
        else if (tx.Query(Insert + " ON CONFLICT (idempotency_key) DO NOTHING RETURNING action_id", r => r.GetString(0), values).Count == 0)
        {
            return Find(tx, key)!;
        }
        if (!input.Interim && !input.CloseCase && row?.Pending == true)
        {
            row.Enforcing(applied.AppliedAt.ToUnixTimeMilliseconds());
        }
        else if (!input.Interim && !input.CloseCase)
        {
            tx.Defer("UPDATE ef_cases SET status = 'enforcing', updated_at = $p1 WHERE case_id = $p0", input.CaseId, applied.AppliedAt.ToUnixTimeMilliseconds());
        }
        if (statement is { } issued)
        {
            StatementRecords.Insert(tx, issued.Statement, issued.Statement.Ground.Category,
                issued.Statement.DecisionPath == DecisionPaths.Human ? issued.DecidedBy : []);
        }
        AuditLedger.Append(tx, AuditEntries.ActionApplied(applied, key, "enforcement-gateway:" + gatewayName, statement?.Statement.StatementId));
        if (input.CloseCase)
        {
            CloseCaseActivity.Close(tx, new CaseActivities.CloseInput(input.CaseId, "enforced", CaseConclusions.EnforcedReason(input.Outcome, applied.ActionId)), time.GetUtcNow(),
                openOf: fresh ? input.AccountId : null, row);
        }
        if (applied.ExpiresAt is { } expires)
        {
            // The id comes from the action inserted above, so no instance has it yet.
            workflows.ScheduleLift(tx, applied.ActionId, new CaseActivities.LiftInput(applied.ActionId, expires));
        }
        return new CaseActivities.Applied(applied.ActionId, applied.AppliedAt, applied.ExpiresAt);
    }

    private const string FindSql = "SELECT action_id, applied_at, expires_at FROM ef_actions WHERE idempotency_key = $p0";

    private static CaseActivities.Applied ReadApplied(IRowReader r) => new(r.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)),
        r.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)));

    private static CaseActivities.Applied? Find(IDomainTransaction tx, string key) => tx.Query(FindSql, ReadApplied, key).FirstOrDefault();

    private static EnforcementAction Parse(string outcome, long? seconds) => outcome switch
    {
        "warn" => EnforcementAction.Warn(),
        "restrict" => EnforcementAction.Restrict(seconds is { } r ? TimeSpan.FromSeconds(r) : null),
        "suspend" => EnforcementAction.Suspend(TimeSpan.FromSeconds(seconds ?? throw new ArgumentException("suspend needs a duration"))),
        "ban" => EnforcementAction.Ban(),
        _ => throw new ArgumentException($"'{outcome}' is not an action."),
    };
}

/// <summary>Marks an action lifted (once) and audits it.</summary>
internal sealed class LiftActionActivity(IDomainDatabase store, TimeProvider time) : EnforcementActivity<CaseActivities.LiftInput, bool>
{
    public override Task<bool> RunAsync(ActivityCallContext context, CaseActivities.LiftInput input)
        => store.RunInTransactionAsync(tx =>
        {
            var now = time.GetUtcNow();
            var row = tx.Query("SELECT case_id, account_id, kind FROM ef_actions WHERE action_id = $p0 AND lifted_at IS NULL",
                r => (Case: r.GetString(0), Account: r.GetString(1), Kind: r.GetString(2)), input.ActionId);
            if (row.Count == 0)
            {
                return false;
            }
            tx.Defer("UPDATE ef_actions SET lifted_at = $p1 WHERE action_id = $p0", input.ActionId, now.ToUnixTimeMilliseconds());
            AuditLedger.Append(tx, new AuditEntry(now, AuditKind.ActionLifted, input.Reason is null ? "system:expiry" : "case-workflow",
                AuditEntries.Data(new JsonObject { ["actionId"] = input.ActionId, ["action"] = row[0].Kind, ["reason"] = input.Reason ?? "duration elapsed" }),
                row[0].Case, row[0].Account));
            return true;
        }, context.CancellationToken);
}
