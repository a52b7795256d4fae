using EnforcementFlows.Durable.Storage;
using EnforcementFlows.Durable.Storage.Postgres;
using Microsoft.Extensions.DependencyInjection;

namespace EnforcementFlows.Durable;

public static class PostgresDurableTaskBuilderExtensions
{
    /// <summary>The scale-out store: a PostgreSQL database shared by every worker process.</summary>
    public static DurableTaskBuilder UsePostgres(this DurableTaskBuilder builder, Action<PostgresStoreOptions> configure)
    {
        var options = new PostgresStoreOptions();
        configure(options);
        options.Validate();
        return builder.UseStore(sp => new PostgresDurableStore(options, sp.GetRequiredService<TimeProvider>()));
    }
}
