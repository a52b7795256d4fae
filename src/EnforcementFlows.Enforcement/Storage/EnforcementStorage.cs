using EnforcementFlows.Durable.Storage;

namespace EnforcementFlows.Enforcement.Storage;

public static class EnforcementStorage
{
    /// <summary>Creates the enforcement tables (idempotent) in the runtime's database.</summary>
    public static Task EnsureSchemaAsync(ITransactionalDurableStore store, CancellationToken cancellation)
    {
        if (store.Dialect != "sqlite")
        {
            throw new NotSupportedException($"The enforcement tables exist for SQLite only so far; the store's dialect is '{store.Dialect}'.");
        }
        return store.RunInTransactionAsync(tx =>
        {
            tx.Script(EnforcementSchema.Sqlite);
            return 0;
        }, cancellation);
    }
}
