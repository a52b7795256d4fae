using System.Diagnostics;
using System.Security.Cryptography;
using DurableTask.Core;
using EnforcementFlows.TaskHub.Sqlite;
using EnforcementFlows.TaskHub.Tests.Infrastructure;
using EnforcementFlows.TaskHub.Tests.Orchestrations;

namespace EnforcementFlows.TaskHub.Tests.Sqlite;

/// <summary>
/// A task hub file that cannot be written (made immutable with chattr, which holds even for root):
/// starting gives a clear error naming the file, nothing is written, and once writable again the hub
/// carries on where it was.
/// </summary>
public sealed class SqliteReadOnlyFileTests : IClassFixture<TempDirectory>
{
    private readonly TempDirectory _directory;

    public SqliteReadOnlyFileTests(TempDirectory directory) => _directory = directory;

    [Fact]
    public async Task Read_only_file_fails_at_start_with_a_clear_error_and_nothing_half_written()
    {
        var path = Path.Combine(_directory.Path, "readonly.db");
        string waitingId;
        await using (var host = await TaskHubHost.StartAsync(Create(path)))
        {
            var done = await host.Client.CreateOrchestrationInstanceAsync(typeof(FourActivities), "ro-done", 1);
            await host.WaitForCompletionAsync(done);
            waitingId = (await host.Client.CreateOrchestrationInstanceAsync(typeof(WaitForApproval), "ro-waiting", 1)).InstanceId;
            await host.WaitUntilAsync(waitingId, (state, _) => state?.Status == "\"waiting\"");
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var before = Hash(path);

        Chattr("+i", path, _directory.Path);
        try
        {
            using var service = Create(path);
            var error = await Assert.ThrowsAsync<TaskHubStorageException>(() => service.CreateIfNotExistsAsync());
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
            Assert.Contains("read-only", error.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<TaskHubStorageException>(() => service.CreateTaskOrchestrationAsync(new TaskMessage
            {
                OrchestrationInstance = new OrchestrationInstance { InstanceId = "ro-new", ExecutionId = "e" },
                Event = new DurableTask.Core.History.ExecutionStartedEvent(-1, "1") { Name = "x", OrchestrationInstance = new OrchestrationInstance { InstanceId = "ro-new", ExecutionId = "e" } },
            }));
        }
        finally
        {
            Chattr("-i", path, _directory.Path);
        }

        Assert.Equal(before, Hash(path));
        await using var after = await TaskHubHost.StartAsync(Create(path));
        Assert.Null(await after.ServiceClient.GetOrchestrationStateAsync("ro-new", executionId: null));
        Assert.Equal(OrchestrationStatus.Completed, (await after.ServiceClient.GetOrchestrationStateAsync("ro-done", executionId: null))!.OrchestrationStatus);
        await after.Client.RaiseEventAsync(new OrchestrationInstance { InstanceId = waitingId }, "approval", "later");
        Assert.Equal("\"2:later\"", (await after.WaitForCompletionAsync(new OrchestrationInstance { InstanceId = waitingId })).Output);
    }

    private static SqliteOrchestrationService Create(string path) => new(new SqliteTaskHubOptions { DatabasePath = path, MaxPollInterval = TimeSpan.FromMilliseconds(250) });

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static void Chattr(string flag, params string[] paths)
    {
        foreach (var path in paths)
        {
            using var process = Process.Start(new ProcessStartInfo("chattr", [flag, path]) { RedirectStandardError = true })!;
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"chattr {flag} {path} failed: {process.StandardError.ReadToEnd()}");
        }
    }
}
