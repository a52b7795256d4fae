using EnforcementFlows.Functions.Sweeps;
using EnforcementFlows.Workflows;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;

namespace EnforcementFlows.Functions.Tests.Functions;

/// <summary>The sweep keeper starts the singleton sweep only when it is not alive (Moq over DurableTaskClient).</summary>
public sealed class SweepKeeperFunctionTests
{
    private static Mock<DurableTaskClient> Client(OrchestrationRuntimeStatus? status)
    {
        var client = new Mock<DurableTaskClient>("test-hub");
        client.Setup(c => c.GetInstanceAsync(WorkflowNames.SweepInstanceId, false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(status is { } s ? new OrchestrationMetadata(WorkflowNames.Sweep, WorkflowNames.SweepInstanceId) { RuntimeStatus = s } : null);
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(WorkflowNames.SweepInstanceId);
        return client;
    }

    [Theory]
    [InlineData(null)]
    [InlineData(OrchestrationRuntimeStatus.Failed)]
    [InlineData(OrchestrationRuntimeStatus.Terminated)]
    [InlineData(OrchestrationRuntimeStatus.Completed)]
    public async Task A_sweep_that_is_not_alive_is_started_as_the_singleton(OrchestrationRuntimeStatus? status)
    {
        var client = Client(status);

        Assert.True(await SweepKeeperFunction.Run(new TimerInfo(), client.Object, CancellationToken.None));
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.Is<TaskName>(n => n.Name == WorkflowNames.Sweep), 0,
            It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == WorkflowNames.SweepInstanceId), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running)]
    [InlineData(OrchestrationRuntimeStatus.Pending)]
    [InlineData(OrchestrationRuntimeStatus.Suspended)]
    public async Task A_live_or_suspended_sweep_is_left_alone(OrchestrationRuntimeStatus status)
    {
        var client = Client(status);

        Assert.False(await SweepKeeperFunction.Run(new TimerInfo(), client.Object, CancellationToken.None));
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(),
            It.IsAny<CancellationToken>()), Times.Never);
    }
}
