using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EnforcementFlows.AuditArchive.Tests.Infrastructure;

/// <summary>
/// Azurite's real blob server (npm, installed by infra/test.d/azurite.sh) as a child process on a free loopback
/// port with its own temporary workspace. Fails, never skips, when Azurite or node is missing. Disposing kills
/// the process and removes the workspace.
/// </summary>
public sealed partial class AzuriteServer : IAsyncDisposable
{
    /// <summary>Azurite's documented development account key (public; not a secret).</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly StringBuilder _output;
    private readonly string _workspace;
    private readonly string _script;
    private Process _process;

    private AzuriteServer(string script, Process process, StringBuilder output, string workspace, int port, bool https)
    {
        _script = script;
        _process = process;
        _output = output;
        _workspace = workspace;
        Port = port;
        Https = https;
    }

    public int Port { get; }

    /// <summary>TLS with a self-signed certificate and Azurite's basic OAuth: bearer tokens are accepted (checked for audience, issuer, lifetime; not signature).</summary>
    public bool Https { get; }

    public Uri ServiceUri => new($"{(Https ? "https" : "http")}://127.0.0.1:{Port}/{DevelopmentAccountName}/");

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={DevelopmentAccountName};AccountKey={AccountKey};BlobEndpoint={ServiceUri}";

    /// <summary>EF_AZURITE_DIR (set by infra/test.sh), else the repository's .cache/azurite.</summary>
    public static string InstallDirectory =>
        Environment.GetEnvironmentVariable("EF_AZURITE_DIR") is { Length: > 0 } dir ? dir : Path.Combine(RepositoryRoot.Path, ".cache", "azurite");

    public static async Task<AzuriteServer> StartAsync(bool https = false, string? installDirectory = null)
    {
        var script = Path.Combine(installDirectory ?? InstallDirectory, "node_modules", "azurite", "dist", "src", "blob", "main.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed ({script} is missing). Run `bash infra/test.sh` once (or `source infra/test.d/azurite.sh`): it installs azurite@3.37.0 into .cache/azurite and exports EF_AZURITE_DIR.");
        }
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var server = await LaunchAsync(script, FreePort(), https);
            try
            {
                await server.WaitReadyAsync();
                return server;
            }
            catch (InvalidOperationException e)
            {
                last = e;
                await server.DisposeAsync();
            }
        }
        throw last!;
    }

    private static async Task<AzuriteServer> LaunchAsync(string script, int port, bool https)
    {
        var workspace = Path.Combine(Path.GetTempPath(), "ef-tests", "azurite-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workspace);
        var output = new StringBuilder();
        var process = await StartProcessAsync(script, port, https, workspace, output);
        return new AzuriteServer(script, process, output, workspace, port, https);
    }

    /// <summary>Starts node on <paramref name="workspace"/> (kept across a restart: Azurite's data lives there).</summary>
    private static async Task<Process> StartProcessAsync(string script, int port, bool https, string workspace, StringBuilder output)
    {
        var info = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        var arguments = new List<string> { script, "--blobHost", "127.0.0.1", "--blobPort", $"{port}", "--location", workspace, "--skipApiVersionCheck", "--loose", "--disableTelemetry" };
        if (https)
        {
            var (cert, key) = File.Exists(Path.Combine(workspace, "cert.pem")) ? (Path.Combine(workspace, "cert.pem"), Path.Combine(workspace, "key.pem")) : await SelfSignedCertificateAsync(workspace);
            arguments.AddRange(["--cert", cert, "--key", key, "--oauth", "basic"]);
        }
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("node is not on PATH: run `bash infra/test.sh`, which installs Debian nodejs for Azurite.", e);
        }
        DataReceivedEventHandler collect = (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += collect;
        process.ErrorDataReceived += collect;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<(string Cert, string Key)> SelfSignedCertificateAsync(string workspace)
    {
        var cert = Path.Combine(workspace, "cert.pem");
        var key = Path.Combine(workspace, "key.pem");
        var info = new ProcessStartInfo("openssl") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert })
        {
            info.ArgumentList.Add(argument);
        }
        using var openssl = Process.Start(info) ?? throw new InvalidOperationException("openssl did not start");
        var error = await openssl.StandardError.ReadToEndAsync();
        await openssl.WaitForExitAsync();
        return openssl.ExitCode == 0 ? (cert, key) : throw new InvalidOperationException("openssl could not make a test certificate: " + error);
    }

    /// <summary>An HttpClient handler that trusts this server's self-signed certificate (tests only).</summary>
    public static SocketsHttpHandler TrustingHandler() => new()
    {
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
    };

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient(TrustingHandler()) { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited during start with code {_process.ExitCode}:\n{Output}");
            }
            try
            {
                // Any HTTP answer (403 without a signature) means the server is listening.
                using var response = await http.GetAsync(new Uri(ServiceUri, "?comp=list"));
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException($"Azurite did not answer on port {Port} within {StartTimeout.TotalSeconds} s:\n{Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_workspace, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
