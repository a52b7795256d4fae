using System.Text.Json;
using System.Text.Json.Nodes;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Audit;
using EnforcementFlows.Enforcement.Statements;
using EnforcementFlows.Enforcement.Storage;
using EnforcementFlows.Enforcement.Workflows;

namespace EnforcementFlows.Enforcement.Appeals;

/// <summary>An appeal as the platform posts it: the account names its action and the statement of reasons it got.</summary>
public sealed record AppealRequest(string AppealId, string StatementId, string ActionId, string AccountId, string Text);

public enum AppealIntakeStatus { Accepted, Replayed, Conflict, UnknownAction, WindowClosed, AlreadyAppealed }

public sealed record AppealIntakeOutcome(AppealIntakeStatus Status, string Detail, string? AppealId = null);

/// <summary>
/// Takes an appeal in one transaction: the webhook receipt (dedupe by webhook id and body hash, like signal intake), the checks
/// (the action exists and matches the statement and account, the window is open, no earlier appeal), the appeal row, its audit record
/// on the original case and the start of its review through the workflow outbox. Nothing is written unless every check passes.
/// </summary>
public static class AppealIntake
{
    public static string InstanceIdFor(string statementId) => "appeal-" + statementId;

    /// <summary>Open up to and including the deadline the statement told the account (the policy's months after the action).</summary>
    public static bool WindowOpen(StatementOfReasons statement, DateTimeOffset now) => now <= statement.Redress.AppealDeadline;

    public static AppealIntakeOutcome Submit(IDomainTransaction tx, string source, string webhookId, string bodySha256, AppealRequest r, DateTimeOffset now,
        CaseWorkflowCommands workflows)
    {
        var receipt = tx.Query("SELECT body_sha256, signal_ids FROM ef_receipts WHERE source = $p0 AND webhook_id = $p1",
            x => (Hash: x.GetString(0), Ids: x.GetString(1)), source, webhookId).FirstOrDefault();
        if (receipt.Hash is not null)
        {
            return receipt.Hash == bodySha256
                ? new AppealIntakeOutcome(AppealIntakeStatus.Replayed, "This appeal was received before.", receipt.Ids)
                : new AppealIntakeOutcome(AppealIntakeStatus.Conflict, $"Webhook '{webhookId}' was delivered before with a different body.");
        }
        var found = tx.Query("""
            SELECT s.action_id, s.case_id, s.account_id, s.category, s.policy_hash, s.automated_decision, s.body, c.assessment
            FROM ef_statements s LEFT JOIN ef_cases c ON c.case_id = s.case_id WHERE s.statement_id = $p0
            """, x => (Action: x.GetString(0), Case: x.GetString(1), Account: x.GetString(2), Category: x.GetString(3), Policy: x.GetString(4),
                Automated: x.GetInt32(5) == 1, Body: x.GetString(6), Assessment: x.IsDBNull(7) ? null : x.GetString(7)), r.StatementId).FirstOrDefault();
        if (found.Action is null || found.Action != r.ActionId || found.Account != r.AccountId)
        {
            return new AppealIntakeOutcome(AppealIntakeStatus.UnknownAction,
                $"No action '{r.ActionId}' of account '{r.AccountId}' has the statement of reasons '{r.StatementId}'.");
        }
        var statement = StatementOfReasons.FromJson(found.Body)!;
        if (!WindowOpen(statement, now))
        {
            return new AppealIntakeOutcome(AppealIntakeStatus.WindowClosed,
                $"The appeal window of statement '{r.StatementId}' closed on {statement.Redress.AppealDeadline:u} (the policy's window from {statement.IssuedAt:u}).");
        }
        if (tx.Query("SELECT appeal_id FROM ef_appeals WHERE statement_id = $p0", x => x.GetString(0), r.StatementId).FirstOrDefault() is { } earlier)
        {
            return new AppealIntakeOutcome(AppealIntakeStatus.AlreadyAppealed, $"The action was appealed already (appeal '{earlier}').", earlier);
        }
        var input = new AppealInput(r.AppealId, r.StatementId, r.ActionId, found.Case, r.AccountId);
        tx.Defer("INSERT INTO ef_receipts (source, webhook_id, body_sha256, signal_kind, signal_ids, received_at) VALUES ($p0, $p1, $p2, 'appeal', $p3, $p4)",
            source, webhookId, bodySha256, r.AppealId, now.ToUnixTimeMilliseconds());
        tx.Execute("""
            INSERT INTO ef_appeals (appeal_id, statement_id, action_id, case_id, account_id, category, policy_hash, model_version, automated_decision, source, text,
                instance_id, status, received_at)
            VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, 'awaiting_review', $p12)
            """, r.AppealId, r.StatementId, r.ActionId, found.Case, r.AccountId, found.Category, found.Policy, ModelVersion(found.Assessment),
            found.Automated ? 1 : 0, statement.DecisionPath, r.Text, InstanceIdFor(r.StatementId), now.ToUnixTimeMilliseconds());
        AuditLedger.Append(tx, new AuditEntry(now, AuditKind.AppealReceived, "account:" + r.AccountId, AuditEntries.Data(new JsonObject
        {
            ["appealId"] = r.AppealId,
            ["statementId"] = r.StatementId,
            ["actionId"] = r.ActionId,
            ["textLength"] = r.Text.Length,
        }), found.Case, r.AccountId));
        workflows.StartAppeal(tx, input);
        return new AppealIntakeOutcome(AppealIntakeStatus.Accepted, "The appeal was received; a reviewer who did not decide the original case will decide it.", r.AppealId);
    }

    /// <summary>The text model's version recorded with the case's score (for the overturn metrics by model version).</summary>
    private static string? ModelVersion(string? assessment)
    {
        if (assessment is null)
        {
            return null;
        }
        using var doc = JsonDocument.Parse(assessment);
        return doc.RootElement.TryGetProperty("score", out var score) && score.ValueKind == JsonValueKind.Object && score.TryGetProperty("modelVersion", out var v)
            && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
