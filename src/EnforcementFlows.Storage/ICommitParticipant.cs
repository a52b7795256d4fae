namespace EnforcementFlows.Storage;

/// <summary>
/// Work that operations hand to the end of their group commit (see <see cref="IDomainTransaction.Participant{T}"/>).
/// A store runs several callers' operations in one database transaction, each in its own savepoint;
/// a participant collects what they add, forgets what a failed operation added, and writes it all
/// once, after the last operation and before COMMIT. Example: the audit chain links every record of
/// the transaction under one short lock instead of one lock and head read per record.
/// </summary>
public interface ICommitParticipant
{
    /// <summary>A position to come back to, taken before each operation runs; 0 when nothing was added.</summary>
    int Mark { get; }

    /// <summary>The operation that started at <paramref name="mark"/> failed: drop what it added.</summary>
    void RollbackTo(int mark);

    /// <summary>Writes what the transaction's operations added. An exception fails the whole transaction.</summary>
    void BeforeCommit(IDomainTransaction tx);
}
