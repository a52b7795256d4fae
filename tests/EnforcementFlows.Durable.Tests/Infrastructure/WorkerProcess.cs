using System.Diagnostics;

namespace EnforcementFlows.Durable.Tests.Infrastructure;

/// <summary>A real worker process (the TestHost executable) that tests start and SIGKILL.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;

    private WorkerProcess(Process process) => _process = process;

    public static async Task<WorkerProcess> StartAsync(string databasePath, string effectsPath)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "EnforcementFlows.Durable.TestHost.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("The crash-test worker was not built next to the tests.", dll);
        }
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add(databasePath);
        info.ArgumentList.Add(effectsPath);
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

    /// <summary>SIGKILL: no shutdown code runs, leases are left behind, the OS reclaims the file locks.</summary>
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
