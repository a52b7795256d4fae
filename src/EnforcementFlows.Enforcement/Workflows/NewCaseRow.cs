using EnforcementFlows.Storage;

namespace EnforcementFlows.Enforcement.Workflows;

/// <summary>
/// The row of a case that the opening activity opens. When the same transaction assesses the case (no collect
/// window) and the case did not exist before it, the row is written once at the end, already assessed (and closed,
/// if the conclusion closes it), instead of an insert and two updates of the same row. The insert is guarded: a
/// second delivery racing this one finds the row there and fails whole, and its retry reads the recorded conclusion.
/// </summary>
/// <remarks>Made inside the transaction's work (which a careful re-run repeats), from the activity's <see cref="CaseOpening"/>.</remarks>
internal sealed class NewCaseRow(CaseOpening opening)
{
    public string AccountId => opening.AccountId;

    /// <summary>Set when the assessment took the row over: the writes below fill it instead of updating a stored one.</summary>
    public bool Pending { get; private set; }

    private string _status = "collecting";
    private string? _category;
    private double? _score;
    private string? _assessment;
    private long _updatedAt = opening.OpenedAt;
    private long? _closedAt;

    /// <summary>Opens the case now, if absent (a collect window, or a case that may exist from an earlier delivery).</summary>
    public void InsertIfAbsent(IDomainTransaction tx)
        => tx.Defer(Insert + " ON CONFLICT (case_id) DO NOTHING", opening.CaseId, opening.AccountId, opening.InstanceId, _status, null, null, null, opening.OpenedAt, _updatedAt, null);

    public void TakeOver() => Pending = true;

    public void Assessed(string? category, double score, string? assessment, long at)
        => (_status, _category, _score, _assessment, _updatedAt) = ("assessed", category, score, assessment, at);

    public void Closed(string status, long at) => (_status, _updatedAt, _closedAt) = (status, at, at);

    public void Enforcing(long at) => (_status, _updatedAt) = ("enforcing", at);

    /// <summary>Writes the taken-over row; it must not exist yet (see the class summary).</summary>
    public void WriteIfPending(IDomainTransaction tx)
    {
        if (Pending)
        {
            tx.DeferExpecting(1, Insert + " ON CONFLICT (case_id) DO NOTHING", opening.CaseId, opening.AccountId, opening.InstanceId, _status, _category, _score, _assessment, opening.OpenedAt, _updatedAt, _closedAt);
        }
    }

    private const string Insert = """
        INSERT INTO ef_cases (case_id, account_id, instance_id, status, category, score, assessment, opened_at, updated_at, closed_at)
        VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9)
        """;
}

/// <summary>What the opening activity knows of the case it opens.</summary>
internal sealed record CaseOpening(string CaseId, string AccountId, string InstanceId, long OpenedAt);
