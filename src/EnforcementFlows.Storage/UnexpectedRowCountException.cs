namespace EnforcementFlows.Storage;

/// <summary>A guarded write (<see cref="IDomainTransaction.DeferExpecting"/>) changed another number of rows than it must.</summary>
public sealed class UnexpectedRowCountException(int expected, long actual)
    : Exception($"A guarded write changed {actual} rows where {expected} were expected; the database changed since it was read.");
