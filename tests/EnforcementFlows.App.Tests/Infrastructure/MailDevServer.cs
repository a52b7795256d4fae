using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on loopback ports: MailDev (npm, installed by infra/test.d/maildev.sh) as a
/// child process, read back through its REST API. One server can serve many tests: each waits for
/// mail to its own recipient. Disposing kills the process and removes its mail directory.
/// </summary>
public sealed class MailDevServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly string _mailDirectory;
    private readonly HttpClient _http;

    private MailDevServer(Process process, StringBuilder output, string mailDirectory, int smtpPort, int webPort)
    {
        _process = process;
        _output = output;
        _mailDirectory = mailDirectory;
        SmtpPort = smtpPort;
        WebUrl = $"http://127.0.0.1:{webPort}";
        _http = new HttpClient { BaseAddress = new Uri(WebUrl), Timeout = TimeSpan.FromSeconds(10) };
    }

    public string SmtpHost => "127.0.0.1";

    public int SmtpPort { get; }

    /// <summary>The web UI and REST API (GET /email).</summary>
    public string WebUrl { get; }

    /// <summary>EF_MAILDEV_DIR (set by infra/test.sh), else the repository's .cache/maildev.</summary>
    public static string InstallDirectory =>
        Environment.GetEnvironmentVariable("EF_MAILDEV_DIR") is { Length: > 0 } dir ? dir : Path.Combine(RepositoryRoot.Path, ".cache", "maildev");

    public static async Task<MailDevServer> StartAsync(params string[] extraArguments)
    {
        var script = Path.Combine(InstallDirectory, "node_modules", "maildev", "bin", "maildev");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException(
                $"MailDev is not installed ({script} is missing). Run `bash infra/test.sh` once: infra/test.d/maildev.sh installs it into .cache/maildev and exports EF_MAILDEV_DIR.");
        }
        // Free ports are picked here and handed to MailDev, so another process can take one in
        // between: a start that fails is tried again on new ports.
        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var server = Launch(script, FreePort(), FreePort(), extraArguments);
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

    private static MailDevServer Launch(string script, int smtpPort, int webPort, string[] extraArguments)
    {
        var mailDirectory = Path.Combine(Path.GetTempPath(), "ef-tests", "maildev-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(mailDirectory);
        var info = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, "--smtp", $"{smtpPort}", "--web", $"{webPort}", "--ip", "127.0.0.1", "--mail-directory", mailDirectory }.Concat(extraArguments))
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
            throw new InvalidOperationException("node is not on PATH: run `bash infra/test.sh`, which installs Debian nodejs for MailDev.", e);
        }
        var output = new StringBuilder();
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
        return new MailDevServer(process, output, mailDirectory, smtpPort, webPort);
    }

    private async Task WaitReadyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"MailDev exited during start with code {_process.ExitCode}:\n{Output}");
            }
            if (await ApiAnswersAsync() && SmtpAccepts())
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException($"MailDev did not answer on {WebUrl} and SMTP port {SmtpPort} within {StartTimeout.TotalSeconds} s:\n{Output}");
    }

    private async Task<bool> ApiAnswersAsync()
    {
        try
        {
            return (await _http.GetAsync("/email")).StatusCode == HttpStatusCode.OK;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private bool SmtpAccepts()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, SmtpPort);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Polls GET /email until <paramref name="count"/> emails to <paramref name="to"/> (and, when given, matching <paramref name="where"/>)
    /// have arrived (oldest first).
    /// </summary>
    public async Task<IReadOnlyList<ReceivedEmail>> WaitForEmailsAsync(string to, int count, TimeSpan timeout, Func<ReceivedEmail, bool>? where = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = (await AllEmailsAsync()).Where(e => e.To.Contains(to, StringComparer.OrdinalIgnoreCase) && (where is null || where(e))).ToList();
            if (found.Count >= count)
            {
                return found;
            }
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"MailDev received {found.Count} of {count} expected emails to {to} within {timeout.TotalSeconds} s.");
            }
            await Task.Delay(100);
        }
    }

    /// <summary>The raw message as received (headers and MIME parts, still transfer-encoded).</summary>
    public Task<string> SourceAsync(ReceivedEmail email) => _http.GetStringAsync($"/email/{Uri.EscapeDataString(email.Id)}/source");

    private async Task<IReadOnlyList<ReceivedEmail>> AllEmailsAsync()
    {
        using var document = await _http.GetFromJsonAsync<JsonDocument>("/email") ?? throw new InvalidOperationException("MailDev answered GET /email with null.");
        return document.RootElement.EnumerateArray().Select(Parse).ToList();
    }

    private static ReceivedEmail Parse(JsonElement e)
    {
        static string Text(JsonElement parent, string name) =>
            parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        var to = e.TryGetProperty("to", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(a => Text(a, "address")).ToList()
            : [];
        var contentType = e.TryGetProperty("headers", out var headers) ? Text(headers, "content-type") : "";
        return new ReceivedEmail(Text(e, "id"), Text(e, "subject"), to, Text(e, "text"), Text(e, "html"), contentType);
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit(10_000);
        _process.Dispose();
        try
        {
            Directory.Delete(_mailDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
