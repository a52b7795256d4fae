using EnforcementFlows.App.Tests.Infrastructure;
using EnforcementFlows.App.Workflows;
using EnforcementFlows.TaskHub;
using EnforcementFlows.TaskHub.Sqlite;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EnforcementFlows.App.Tests.Workflows;

/// <summary>The task hub's retention job (issue 19, "retention and purge jobs") on the embedded SQLite task hub with the product's worker.</summary>
public sealed class TaskHubRetentionTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ef-tests", "retention-" + Guid.NewGuid().ToString("N"));
    private SqliteOrchestrationService _service = null!;
    private DurableTask.Core.TaskHubWorker _worker = null!;
    private TaskHubDurableClient _client = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _service = new SqliteOrchestrationService(new SqliteTaskHubOptions { DatabasePath = Path.Combine(_directory, "taskhub.db") });
        await _service.CreateIfNotExistsAsync();
        var registry = new DurableTaskRegistry();
        registry.AddOrchestratorFunc<int, int>("Done", (_, x) => x);
        registry.AddOrchestratorFunc<string, string>("Waits", (ctx, _) => ctx.WaitForExternalEvent<string>("go"));
        _worker = SdkTaskHubWorker.Create(_service, registry, new ServiceCollection().BuildServiceProvider(), NullLoggerFactory.Instance);
        await _worker.StartAsync();
        _client = new TaskHubDurableClient("test", _service);
    }

    public async Task DisposeAsync()
    {
        await _worker.StopAsync(isForced: true);
        _worker.Dispose();
        _service.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task<(string[] Finished, string Waiting)> StartInstancesAsync(CancellationToken cancellation)
    {
        var finished = new string[3];
        for (var i = 0; i < finished.Length; i++)
        {
            finished[i] = await _client.ScheduleNewOrchestrationInstanceAsync("Done", i, cancellation);
            await _client.WaitForInstanceCompletionAsync(finished[i], cancellation: cancellation);
        }
        var waiting = await _client.ScheduleNewOrchestrationInstanceAsync("Waits", "x", cancellation);
        await _client.WaitForInstanceStartAsync(waiting, cancellation: cancellation);
        return (finished, waiting);
    }

    private TaskHubRetention Retention(TimeProvider time) =>
        new(_client, Options.Create(new WorkflowEngineOptions()), time, NullLogger<TaskHubRetention>.Instance);

    [Fact]
    public async Task Issue_19_finished_instances_past_the_window_are_purged_and_a_waiting_one_is_kept()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var (finished, waiting) = await StartInstancesAsync(timeout.Token);
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var retention = Retention(clock);

        Assert.Equal(0, await retention.RunOnceAsync(timeout.Token));
        Assert.NotNull(await _client.GetInstanceAsync(finished[0], timeout.Token));

        clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(3, await retention.RunOnceAsync(timeout.Token));

        foreach (var id in finished)
        {
            Assert.Null(await _client.GetInstanceAsync(id, timeout.Token));
        }
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await _client.GetInstanceAsync(waiting, timeout.Token))!.RuntimeStatus);
        // The kept instance still works.
        await _client.RaiseEventAsync(waiting, "go", "yes", timeout.Token);
        var done = await _client.WaitForInstanceCompletionAsync(waiting, getInputsAndOutputs: true, timeout.Token);
        Assert.Equal("yes", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task The_job_purges_once_its_interval_has_passed()
    {
        using var timeout = new CancellationTokenSource(Patience);
        var (finished, _) = await StartInstancesAsync(timeout.Token);
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        using var retention = Retention(clock);
        await retention.StartAsync(timeout.Token);

        // Past the window but before the first interval: nothing yet.
        await Task.Delay(200, timeout.Token);
        Assert.NotNull(await _client.GetInstanceAsync(finished[0], timeout.Token));
        clock.Advance(TimeSpan.FromDays(31));
        while (await _client.GetInstanceAsync(finished[2], timeout.Token) is not null)
        {
            await Task.Delay(50, timeout.Token);
        }

        Assert.Null(await _client.GetInstanceAsync(finished[0], timeout.Token));
        await retention.StopAsync(timeout.Token);
    }

    [Theory]
    [InlineData("KeepFinishedFor", "00:10:00", "01:00:00")]
    [InlineData("Interval", "30.00:00:00", "00:00:10")]
    public void Bad_retention_settings_are_refused_with_the_key_named(string key, string keep, string interval)
    {
        var options = new WorkflowEngineOptions();
        options.TaskHub.Retention.KeepFinishedFor = TimeSpan.Parse(keep, System.Globalization.CultureInfo.InvariantCulture);
        options.TaskHub.Retention.Interval = TimeSpan.Parse(interval, System.Globalization.CultureInfo.InvariantCulture);

        var problem = Assert.Single(options.Problems());

        Assert.Contains($"EnforcementFlows:Workflows:TaskHub:Retention:{key}", problem, StringComparison.Ordinal);
    }
}
