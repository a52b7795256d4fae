using DurableTask.Core;
using EnforcementFlows.TaskHub.Sqlite;
using EnforcementFlows.TaskHub.Tests.Infrastructure;

namespace EnforcementFlows.TaskHub.Tests.Sqlite;

/// <summary>The behaviour suite on the SQLite task hub: one database file for the class, in its own temp directory.</summary>
public sealed class SqliteTaskHubTests : OwnBackendBehaviourSuite, IClassFixture<TempDirectory>
{
    private readonly string _databasePath;

    public SqliteTaskHubTests(TempDirectory directory) => _databasePath = Path.Combine(directory.Path, "taskhub.db");

    protected override IOrchestrationService CreateService(TaskHubTestSettings settings) =>
        new SqliteOrchestrationService(new SqliteTaskHubOptions
        {
            DatabasePath = _databasePath,
            LockTimeout = settings.LockTimeout,
            MaxPollInterval = TimeSpan.FromMilliseconds(250),
            // The suite's workers share the file on purpose to see leases expire (a restarted sole worker releases them: SqliteRestartTests).
            ReleaseLeasesAtStart = false,
        });
}
