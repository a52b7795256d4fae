using System.Text.Json.Nodes;
using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Audit;
using EnforcementFlows.Enforcement.Storage;

namespace EnforcementFlows.App.Dashboard;

public sealed record CaseNote(string NoteId, string Author, string Body, DateTimeOffset CreatedAt);

/// <summary>
/// Internal notes on a case. The text stays in ef_case_notes (deletable); the append-only audit
/// trail records the note's id, author and length, like it does for report text.
/// </summary>
public sealed class CaseNotes(IDomainDatabase store, TimeProvider time)
{
    public const int MaxLength = 4000;

    public static void Add(IDomainTransaction tx, string caseId, string accountId, string author, string body, DateTimeOffset now)
    {
        var noteId = "note_" + Guid.NewGuid().ToString("N")[..20];
        tx.Execute("INSERT INTO ef_case_notes (note_id, case_id, author, body, created_at) VALUES ($p0, $p1, $p2, $p3, $p4)",
            noteId, caseId, author, body, now.ToUnixTimeMilliseconds());
        AuditLedger.Append(tx, new AuditEntry(now, AuditKind.NoteAdded, "reviewer:" + author, AuditEntries.Data(new JsonObject
        {
            ["noteId"] = noteId,
            ["length"] = body.Length,
        }), caseId, accountId));
    }

    public Task AddAsync(string caseId, string accountId, string author, string body, CancellationToken ct)
        => store.RunInTransactionAsync(tx =>
        {
            Add(tx, caseId, accountId, author, body, time.GetUtcNow());
            return 0;
        }, ct);

    public static IReadOnlyList<CaseNote> List(IDomainTransaction tx, string caseId) => tx.Query(
        "SELECT note_id, author, body, created_at FROM ef_case_notes WHERE case_id = $p0 ORDER BY created_at, note_id",
        r => new CaseNote(r.GetString(0), r.GetString(1), r.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3))), caseId);
}
