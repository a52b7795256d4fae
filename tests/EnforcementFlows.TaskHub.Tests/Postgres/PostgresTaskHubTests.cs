using DurableTask.Core;
using EnforcementFlows.TaskHub.Postgres;
using EnforcementFlows.TaskHub.Tests.Infrastructure;

namespace EnforcementFlows.TaskHub.Tests.Postgres;

/// <summary>The behaviour suite on the PostgreSQL task hub: a real server, one schema for the class.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresTaskHubTests(PostgresCluster cluster) : OwnBackendBehaviourSuite
{
    private readonly string _schema = PostgresCluster.NewSchema("suite");

    protected override IOrchestrationService CreateService(TaskHubTestSettings settings) =>
        new PostgresOrchestrationService(new PostgresTaskHubOptions
        {
            ConnectionString = cluster.ConnectionString,
            Schema = _schema,
            LockTimeout = settings.LockTimeout,
            MaxPollInterval = TimeSpan.FromMilliseconds(250),
        });
}
