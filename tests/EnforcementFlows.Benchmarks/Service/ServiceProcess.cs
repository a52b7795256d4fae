using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace EnforcementFlows.Benchmarks.Service;

/// <summary>The service as a real process (the Release build of EnforcementFlows.App) on a loopback port.</summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    public const string AdminKey = "bench-admin-key-0123456789abcdefgh";
    public const string SourceSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private readonly Process _process;

    private ServiceProcess(Process process, string baseUrl, string dataDirectory)
    {
        _process = process;
        BaseUrl = baseUrl;
        DataDirectory = dataDirectory;
    }

    public string BaseUrl { get; }
    public string DataDirectory { get; }
    public int ProcessId => _process.Id;

    /// <summary>Settings (environment variables) every process gets after the benchmark's own: <see cref="ServiceOptions.Settings"/>.</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; set; } = new Dictionary<string, string>();

    public static async Task<ServiceProcess> StartAsync(string dataDirectory, Storage storage, IReadOnlyDictionary<string, string>? extra = null)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(AppDll());
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        var env = new Dictionary<string, string>
        {
            ["EnforcementFlows__DataDirectory"] = dataDirectory,
            ["EnforcementFlows__PublicBaseUrl"] = $"http://127.0.0.1:{port}",
            ["EnforcementFlows__ApiKeys__0__Name"] = "bench-admin",
            ["EnforcementFlows__ApiKeys__0__Role"] = "admin",
            ["EnforcementFlows__ApiKeys__0__KeySha256"] = EnforcementFlows.App.Security.ApiKeyOptions.Hash(AdminKey),
            ["EnforcementFlows__Intake__Sources__bench__Secrets__0"] = SourceSecret,
            // The benchmark measures the pipeline, not the per-source rate limit or the aggregation wait.
            ["EnforcementFlows__Intake__RatePerSecond"] = "1000000",
            ["EnforcementFlows__Intake__RateBurst"] = "1000000",
            ["EnforcementFlows__Cases__CollectWindow"] = "00:00:00",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in storage.Settings)
        {
            env[key] = value;
        }
        foreach (var (key, value) in (extra ?? new Dictionary<string, string>()).Concat(Settings))
        {
            env[key] = value;
        }
        foreach (var (key, value) in env)
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the service");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Console.Error.WriteLine($"  [service:{port}] {line}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new ServiceProcess(process, $"http://127.0.0.1:{port}", dataDirectory);
        await service.WaitReadyAsync();
        return service;
    }

    public HttpClient Client(bool admin = true)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        if (admin)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        }
        return client;
    }

    private async Task WaitReadyAsync()
    {
        using var client = Client(admin: false);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the service exited during start with code {_process.ExitCode}");
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
        throw new TimeoutException("the service did not become ready within 90 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        // A SQLite run leaves hundreds of megabytes (its write-ahead log): many runs filled this machine's disk.
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string AppDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EnforcementFlows.sln")))
        {
            dir = dir.Parent;
        }
        var dll = dir is null ? "" : Path.Combine(dir.FullName, "src/EnforcementFlows.App/bin/Release/net10.0/EnforcementFlows.App.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the service first: dotnet build -c Release src/EnforcementFlows.App", dll);
    }
}
