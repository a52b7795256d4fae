using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EnforcementFlows.Workflows.Tests.Infrastructure;

/// <summary>
/// A real Azurite (npm azurite@3.37.0, installed by infra/test.d/azurite.sh) with its blob, queue and table services on
/// free loopback ports: what the Azure Storage task hub provider needs. Fails, never skips, when Azurite or node is missing.
/// </summary>
public sealed class AzuriteStorage : IAsyncDisposable
{
    private const string Account = "devstoreaccount1";
    // Azurite's documented development key: public, not a secret.
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly StringBuilder output;
    private readonly string workspace;
    private readonly string script;
    private readonly (int Blob, int Queue, int Table) ports;
    private Process process;

    private AzuriteStorage(string script, StringBuilder output, string workspace, (int, int, int) ports)
    {
        (this.script, this.output, this.workspace, this.ports) = (script, output, workspace, ports);
        process = Launch();
    }

    public string ConnectionString => $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};" +
        $"BlobEndpoint=http://127.0.0.1:{ports.Blob}/{Account};QueueEndpoint=http://127.0.0.1:{ports.Queue}/{Account};TableEndpoint=http://127.0.0.1:{ports.Table}/{Account};";

    public static async Task<AzuriteStorage> StartAsync()
    {
        var directory = Environment.GetEnvironmentVariable("EF_AZURITE_DIR") is { Length: > 0 } dir ? dir : Path.Combine(RepositoryRoot(), ".cache", "azurite");
        var script = Path.Combine(directory, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed ({script} is missing). Run `bash infra/test.sh` once: infra/test.d/azurite.sh installs it.");
        }
        var workspace = Path.Combine(Path.GetTempPath(), "ef-tests", "azurite-hub-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workspace);
        var server = new AzuriteStorage(script, new StringBuilder(), workspace, (FreePort(), FreePort(), FreePort()));
        await server.WaitReadyAsync();
        return server;
    }

    private Process Launch()
    {
        var info = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, "--blobHost", "127.0.0.1", "--blobPort", $"{ports.Blob}", "--queueHost", "127.0.0.1", "--queuePort", $"{ports.Queue}",
                     "--tableHost", "127.0.0.1", "--tablePort", $"{ports.Table}", "--location", workspace, "--skipApiVersionCheck", "--loose", "--disableTelemetry" })
        {
            info.ArgumentList.Add(a);
        }
        var started = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        started.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        started.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        return started;
    }

    /// <summary>Stops Azurite as a service manager would (SIGTERM: it saves its data), keeping its ports and data for <see cref="RestartAsync"/>.</summary>
    public async Task StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Starts Azurite again on the same ports over the same data.</summary>
    public async Task RestartAsync()
    {
        process.Dispose();
        process = Launch();
        await WaitReadyAsync();
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        foreach (var port in new[] { ports.Blob, ports.Queue, ports.Table })
        {
            while (true)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"Azurite exited during start ({process.ExitCode}): {Output}");
                }
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }
            }
        }
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EnforcementFlows.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("The repository root (EnforcementFlows.sln) was not found above " + AppContext.BaseDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        try
        {
            Directory.Delete(workspace, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
