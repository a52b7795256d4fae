using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.History;
using EnforcementFlows.TaskHub.Tests.Infrastructure;

namespace EnforcementFlows.TaskHub.Tests.AzureStorage;

/// <summary>
/// The behaviour suite on Microsoft's Azure Storage provider over a real Azurite: the reference our two backends are
/// held to. One Azurite and one task hub for the class (deleted afterwards). The cases our own backends run beyond
/// this are in <see cref="OwnBackendBehaviourSuite"/>.
/// </summary>
public sealed class AzureStorageTaskHubTests(AzuriteTaskHub hub) : TaskHubBehaviourSuite, IClassFixture<AzuriteTaskHub>
{
    protected override IOrchestrationService CreateService(TaskHubTestSettings settings) =>
        new AzureStorageOrchestrationService(hub.Settings());

    protected override IList<HistoryEvent> ReadHistory(string json) => AzureHistoryJson.Read(json);

    protected override bool ClientStartsService => false;

    protected override TimeSpan TimerEarliness => TimeSpan.FromSeconds(1);
}
