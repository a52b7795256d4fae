using System.Text.Json.Nodes;
using EnforcementFlows.Durable;
using EnforcementFlows.Durable.Storage;
using EnforcementFlows.Enforcement.Actions;
using EnforcementFlows.Enforcement.Audit;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.Enforcement.Workflows;

/// <summary>
/// Applies an action to the built-in account store, once per idempotency key, with its audit
/// record, and schedules the lift of a time-limited action, all in one transaction.
/// </summary>
internal sealed class ApplyActionActivity(ITransactionalDurableStore store, TimeProvider time) : TaskActivity<CaseActivities.ApplyInput, CaseActivities.Applied>
{
    public override Task<CaseActivities.Applied> RunAsync(TaskActivityContext context, CaseActivities.ApplyInput input)
        => store.RunInTransactionAsync(tx =>
        {
            var key = context.IdempotencyKey;
            var existing = tx.Query("SELECT action_id, applied_at, expires_at FROM ef_actions WHERE idempotency_key = $p0",
                r => new CaseActivities.Applied(r.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)),
                    r.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2))), key);
            if (existing.Count == 1)
            {
                return existing[0];
            }

            var action = Parse(input.Outcome, input.DurationSeconds);
            var now = time.GetUtcNow();
            var applied = new AppliedAction("act_" + Guid.NewGuid().ToString("N")[..20], input.CaseId, input.AccountId, action, now, input.Reason, input.PolicyHash);
            tx.Execute("""
                INSERT INTO ef_actions (action_id, idempotency_key, account_id, case_id, kind, duration_seconds, reason, applied_at, expires_at)
                VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8)
                """, applied.ActionId, key, input.AccountId, input.CaseId, action.Kind.ToWireName(), input.DurationSeconds, input.Reason,
                now.ToUnixTimeMilliseconds(), applied.ExpiresAt?.ToUnixTimeMilliseconds());
            AuditLedger.Append(tx, AuditEntries.ActionApplied(applied, key, "enforcement-gateway:built-in"));
            if (applied.ExpiresAt is { } expires)
            {
                tx.Start(new NewInstance("lift:" + applied.ActionId, LiftWorkflow.Name, null, JsonData.Serialize(new CaseActivities.LiftInput(applied.ActionId, expires))));
            }
            return new CaseActivities.Applied(applied.ActionId, now, applied.ExpiresAt);
        }, context.CancellationToken);

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
internal sealed class LiftActionActivity(ITransactionalDurableStore store, TimeProvider time) : TaskActivity<CaseActivities.LiftInput, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, CaseActivities.LiftInput input)
        => store.RunInTransactionAsync(tx =>
        {
            var now = time.GetUtcNow();
            var row = tx.Query("SELECT case_id, account_id, kind FROM ef_actions WHERE action_id = $p0 AND lifted_at IS NULL",
                r => (Case: r.GetString(0), Account: r.GetString(1), Kind: r.GetString(2)), input.ActionId);
            if (row.Count == 0)
            {
                return false;
            }
            tx.Execute("UPDATE ef_actions SET lifted_at = $p1 WHERE action_id = $p0", input.ActionId, now.ToUnixTimeMilliseconds());
            AuditLedger.Append(tx, new AuditEntry(now, AuditKind.ActionLifted, "system:expiry",
                AuditEntries.Data(new JsonObject { ["actionId"] = input.ActionId, ["action"] = row[0].Kind, ["reason"] = "duration elapsed" }),
                row[0].Case, row[0].Account));
            return true;
        }, context.CancellationToken);
}
