using System.Diagnostics;

namespace EnforcementFlows.TaskHub.Tests.Infrastructure;

/// <summary>A real DTFx worker process (the TaskHub TestHost executable) that tests start and SIGKILL.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process) => _process = process;

    public int Id => _process.Id;

    /// <param name="postgresSchema">When set, <paramref name="databasePath"/> is a PostgreSQL connection string (passed in the environment, not the command line).</param>
    public static async Task<WorkerProcess> StartAsync(string databasePath, string effectsPath, int lockSeconds, int activityDelayMs, string? postgresSchema = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "EnforcementFlows.TaskHub.TestHost.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("The kill-test worker was not built next to the tests.", dll);
        }
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { dll, postgresSchema is null ? databasePath : "-", effectsPath, lockSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), activityDelayMs.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }
        if (postgresSchema is not null)
        {
            info.ArgumentList.Add("postgres");
            info.ArgumentList.Add(postgresSchema);
            info.Environment["EF_TASKHUB_TEST_CONNECTION"] = databasePath;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the worker process.");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var ready = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (ready != "worker ready")
        {
            throw new InvalidOperationException($"Worker process did not start: '{ready}'.");
        }
        return new WorkerProcess(process);
    }

    /// <summary>SIGKILL: no shutdown code runs; the process's locks stay in the database until their leases end.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
