namespace EnforcementFlows.TaskHub.Tests;

/// <summary>
/// The cases that run on our two backends (SQLite and PostgreSQL) but not on the Azure Storage reference, because they
/// test something that provider does not have or is too slow on Azurite for (docs/task-hub.md lists each with its
/// reason). Everything every backend must do stays in <see cref="TaskHubBehaviourSuite"/>; our backends inherit both.
/// </summary>
public abstract partial class OwnBackendBehaviourSuite : TaskHubBehaviourSuite
{
}
