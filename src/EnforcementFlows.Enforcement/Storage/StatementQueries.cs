using EnforcementFlows.Storage;
using EnforcementFlows.Enforcement.Statements;

namespace EnforcementFlows.Enforcement.Storage;

/// <summary>Statements of reasons as stored with their actions: by id (the API) and by case (the case page).</summary>
public sealed class StatementQueries(IDomainDatabase store)
{
    public async Task<StatementOfReasons?> GetAsync(string statementId, CancellationToken ct)
        => (await store.QueryCommittedAsync("SELECT body FROM ef_statements WHERE statement_id = $p0", r => StatementOfReasons.FromJson(r.GetString(0)), ct, statementId))
            .FirstOrDefault();

    public async Task<IReadOnlyList<StatementOfReasons>> ForCaseAsync(string caseId, CancellationToken ct)
        => (await store.QueryCommittedAsync("SELECT body FROM ef_statements WHERE case_id = $p0 ORDER BY issued_at", r => StatementOfReasons.FromJson(r.GetString(0)), ct, caseId))
            .OfType<StatementOfReasons>().ToList();
}
