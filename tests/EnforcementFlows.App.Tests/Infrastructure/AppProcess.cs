using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using EnforcementFlows.App.Security;

namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>
/// The service as a real process (the built EnforcementFlows.App.dll) on a loopback port, configured
/// through environment variables the way an operator would; killed with SIGKILL by crash tests.
/// </summary>
public sealed class AppProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    private AppProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>True once the process is gone (killed, or it stopped by itself).</summary>
    public bool HasExited => _process.HasExited;

    public static async Task<AppProcess> StartAsync(string dataDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(AppDll());
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        var env = new Dictionary<string, string>
        {
            ["EnforcementFlows__DataDirectory"] = dataDirectory,
            ["EnforcementFlows__ApiKeys__0__Name"] = "test-admin",
            ["EnforcementFlows__ApiKeys__0__Role"] = Roles.Admin,
            ["EnforcementFlows__ApiKeys__0__KeySha256"] = ApiKeyOptions.Hash(AppFactory.AdminKey),
            ["EnforcementFlows__Intake__Sources__test__Secrets__0"] = AppFactory.SourceSecret,
            ["EnforcementFlows__Cases__CollectWindow"] = "00:00:01",
            // Short leases: work held by a killed process is picked up soon after the restart.
            ["EnforcementFlows__Durable__Worker__OrchestrationLease"] = "00:00:02",
            ["EnforcementFlows__Durable__Worker__ActivityLease"] = "00:00:02",
            ["Logging__LogLevel__Default"] = "Warning",
            // Links in approval emails point at this process.
            ["EnforcementFlows__PublicBaseUrl"] = $"http://127.0.0.1:{port}",
        };
        foreach (var (key, value) in settings)
        {
            env[key] = value;
        }
        foreach (var (key, value) in env)
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the service process");
        var app = new AppProcess(process, $"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => app.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => app.Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await app.WaitHealthyAsync();
        return app;
    }

    /// <summary>The last lines the process wrote (warnings and errors at the test log level), for failure messages.</summary>
    public string OutputTail => string.Join(Environment.NewLine, _output);

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }

    public HttpClient Client(string? key = AppFactory.AdminKey)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
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

    private async Task WaitHealthyAsync()
    {
        using var client = Client(null);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The service exited during start with code {_process.ExitCode}:{Environment.NewLine}{OutputTail}");
            }
            try
            {
                if ((await client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The service did not become ready within 60 s.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string AppDll()
    {
        var local = Path.Combine(AppContext.BaseDirectory, "EnforcementFlows.App.dll");
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Parent!.Name; // bin/<Configuration>/net10.0/
        var built = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../src/EnforcementFlows.App/bin", configuration, "net10.0/EnforcementFlows.App.dll"));
        return File.Exists(built) ? built
            : File.Exists(Path.ChangeExtension(local, ".runtimeconfig.json")) ? local
            : throw new FileNotFoundException("The service was not built next to the tests or in its own bin folder.", built);
    }
}
