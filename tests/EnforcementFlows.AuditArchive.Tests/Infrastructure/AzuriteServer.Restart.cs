using System.Diagnostics;

namespace EnforcementFlows.AuditArchive.Tests.Infrastructure;

public sealed partial class AzuriteServer
{
    /// <summary>
    /// Stops the server as an outage would look to a client: SIGTERM (Azurite closes its listener and saves its
    /// metadata), then waits for the process to exit. Its data stays in the workspace for <see cref="RestartAsync"/>.
    /// </summary>
    public void Stop()
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("kill did not start"))
        {
            kill.WaitForExit();
        }
        if (!_process.WaitForExit(TimeSpan.FromSeconds(20)))
        {
            throw new InvalidOperationException("Azurite did not stop within 20 s of SIGTERM:\n" + Output);
        }
    }

    /// <summary>Starts Azurite again on the same port and workspace (same blobs) and waits until it answers.</summary>
    public async Task RestartAsync()
    {
        Stop();
        _process.Dispose();
        _process = await StartProcessAsync(_script, Port, Https, _workspace, _output);
        await WaitReadyAsync();
    }
}
