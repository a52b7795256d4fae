using EnforcementFlows.Storage;
using EnforcementFlows.Storage.Postgres;
using EnforcementFlows.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Hosting;

/// <summary>
/// The service's options and its domain database (where the enforcement tables and the workflow outbox
/// live), shared by the self-host and the Azure Functions app so both read the same settings the same way.
/// </summary>
public static class EnforcementDatabase
{
    /// <summary>Binds and validates <c>EnforcementFlows</c> and returns the values the store is built from.</summary>
    public static EnforcementFlowsOptions AddEnforcementOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EnforcementFlowsOptions>()
            .BindConfiguration(EnforcementFlowsOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.Storage.IsSqlite || o.Storage.IsPostgres,
                $"{EnforcementFlowsOptions.Section}:Storage:Provider must be 'Sqlite' (embedded default) or 'Postgres'.")
            .ValidateOnStart();
        var options = configuration.GetSection(EnforcementFlowsOptions.Section).Get<EnforcementFlowsOptions>() ?? new EnforcementFlowsOptions();
        // The PostgreSQL store is built from these before start-up validation runs: checked here, naming the service's keys.
        if (options.Storage.IsPostgres && string.IsNullOrWhiteSpace(options.Storage.ConnectionString))
        {
            throw new OptionsValidationException($"{EnforcementFlowsOptions.Section}:Storage:ConnectionString", typeof(EnforcementFlowsOptions),
                [$"{EnforcementFlowsOptions.Section}:Storage:ConnectionString must be set when Storage:Provider is 'Postgres' (an Npgsql connection string)."]);
        }
        if (options.Storage.IsPostgres && options.Storage.WriterConnections is < 1 or > 8)
        {
            throw new OptionsValidationException($"{EnforcementFlowsOptions.Section}:Storage:WriterConnections", typeof(EnforcementFlowsOptions),
                [$"{EnforcementFlowsOptions.Section}:Storage:WriterConnections must be between 1 and 8 (got {options.Storage.WriterConnections})."]);
        }
        return options;
    }

    /// <summary>
    /// The domain database on SQLite or PostgreSQL: one transactional database with group commit, which the enforcement
    /// tables and the workflow outbox live in. (The workflows' task hub is another store: see AddWorkflowEngine.)
    /// </summary>
    public static IServiceCollection AddEnforcementDatabase(this IServiceCollection services, EnforcementFlowsOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        if (options.Storage.IsPostgres)
        {
            var postgres = new PostgresDatabaseOptions
            {
                ConnectionString = options.Storage.ConnectionString ?? "",
                Schema = options.Storage.Schema,
                WriterConnections = options.Storage.WriterConnections,
            };
            postgres.Validate();
            services.AddSingleton<IDomainDatabase>(_ => new PostgresDomainDatabase(postgres));
        }
        else
        {
            var sqlite = new SqliteDatabaseOptions { DatabasePath = options.Storage.ConnectionString ?? options.DataPath("enforcementflows.db") };
            services.AddSingleton<IDomainDatabase>(_ => new SqliteDomainDatabase(sqlite));
        }
        return services;
    }
}
