using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using EnforcementFlows.App.Security;
using EnforcementFlows.App.Tests.Infrastructure;

namespace EnforcementFlows.App.Tests.FirstRun;

/// <summary>
/// Runs the README's "Run it" steps as written, non-interactively (output to a file, no terminal), on a fresh
/// data directory: the service in the background, then each later bash block in bash from the repository root.
/// The checkout is mirrored into a sandbox (the built App, its samples and settings, efctl) so the README's
/// relative paths land in a fresh data directory, not in the developer's.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReadmeTests : IDisposable
{
    private readonly string _sandbox = Path.Combine(Path.GetTempPath(), "ef-readme-" + Guid.NewGuid().ToString("N"));
    private Process? _service;

    /// <summary>Release or Debug: the tests' build (bin/&lt;Configuration&gt;/net10.0/), which built the App too.</summary>
    private static string Configuration => new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    [Fact]
    public async Task The_readme_run_it_steps_work_as_written_on_a_fresh_checkout()
    {
        var blocks = ReadmeWalkthrough.RunItBlocks(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "README.md")));
        Assert.True(blocks.Count >= 2, $"expected the service block and the steps block, found {blocks.Count}");
        Assert.Equal(ReadmeWalkthrough.ServiceCommand, blocks[0]);
        var project = MirrorCheckout();
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        // The README's port, moved to a free one (other services may use 5080); the CLI reads the same setting.
        var environment = new Dictionary<string, string>
        {
            ["Urls"] = baseUrl,
            ["EnforcementFlows__Cases__CollectWindow"] = "00:00:03",
            ["EF_CONFIGURATION"] = Configuration,
        };

        // Block 1, what `dotnet run --project src/EnforcementFlows.App` runs: the built App, from the project directory.
        var serviceLog = Path.Combine(_sandbox, "service.log");
        _service = StartService(project, environment, serviceLog);
        await WaitReadyAsync(baseUrl, serviceLog);

        var outputs = new List<string>();
        foreach (var block in blocks.Skip(1))
        {
            var (exit, output) = await RunBashAsync(block.Replace("http://127.0.0.1:5080", baseUrl, StringComparison.Ordinal), environment);
            Assert.True(exit == 0, $"README block failed with exit {exit}:{Environment.NewLine}{block}{Environment.NewLine}--- output ---{Environment.NewLine}{output}");
            outputs.Add(output);
        }
        var steps = string.Join(Environment.NewLine, outputs);

        // The advertised results: reports accepted and joined to a case, the account visible with the key from the file, the audit verified.
        Assert.Contains("202 Accepted -> /api/reports/sample-report-1", steps);
        Assert.Matches(@"signal sample-report-1 joined case case_[0-9a-f]+ \(collecting\); it is assessed at", steps);
        Assert.Contains("\"accountId\":\"acct-demo-1\"", steps);
        Assert.Matches(@"OK: \d+ records verified", steps);
        var log = await File.ReadAllTextAsync(serviceLog);
        var key = FirstRunCredentials.Read(Path.Combine(project, "data", FirstRunCredentials.FileName), FirstRunCredentials.AdminKeyVariable)!;
        Assert.DoesNotContain(key, log);
        Assert.DoesNotContain(key, steps);

        // And the case is assessed once its collect window ends.
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string? status = null;
        while (DateTime.UtcNow < deadline)
        {
            using var account = JsonDocument.Parse(await client.GetStringAsync("/api/accounts/acct-demo-1"));
            status = account.RootElement.GetProperty("cases")[0].GetProperty("status").GetString();
            if (status is not ("collecting" or "assessed"))
            {
                break;
            }
            await Task.Delay(250);
        }
        Assert.True(status is not ("collecting" or "assessed"), $"the case was still {status} a minute later");
    }

    /// <summary>The sandbox checkout: efctl at its root; the project directory holds links to the built App, samples and settings.</summary>
    private string MirrorCheckout()
    {
        var real = Path.Combine(RepositoryRoot.Path, "src", "EnforcementFlows.App");
        var project = Path.Combine(_sandbox, "src", "EnforcementFlows.App");
        Directory.CreateDirectory(Path.Combine(project, "obj"));
        foreach (var entry in new[] { "bin", "samples", "appsettings.json" })
        {
            File.CreateSymbolicLink(Path.Combine(project, entry), Path.Combine(real, entry));
        }
        var efctl = Path.Combine(_sandbox, "efctl");
        File.Copy(Path.Combine(RepositoryRoot.Path, "efctl"), efctl);
        File.SetUnixFileMode(efctl, File.GetUnixFileMode(Path.Combine(RepositoryRoot.Path, "efctl")));
        // The tests' build is the App's build: efctl need not build again.
        var configuration = Configuration;
        File.WriteAllText(Path.Combine(project, "obj", $"efctl-{configuration}.stamp"), "");
        return project;
    }

    private static Process StartService(string project, Dictionary<string, string> environment, string log)
    {
        // Output to a file and no terminal, as under nohup or a service manager.
        var info = new ProcessStartInfo("bash") { WorkingDirectory = project, UseShellExecute = false, RedirectStandardInput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"exec dotnet bin/{environment["EF_CONFIGURATION"]}/net10.0/EnforcementFlows.App.dll > '{log}' 2>&1 < /dev/null");
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        return Process.Start(info)!;
    }

    private async Task<(int Exit, string Output)> RunBashAsync(string block, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("bash") { WorkingDirectory = _sandbox, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        info.ArgumentList.Add("-euo");
        info.ArgumentList.Add("pipefail");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(block);
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        info.Environment.Remove(FirstRunCredentials.AdminKeyVariable);
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    private async Task WaitReadyAsync(string baseUrl, string log)
    {
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_service!.HasExited, $"the service stopped during start:{Environment.NewLine}{(File.Exists(log) ? await File.ReadAllTextAsync(log) : "")}");
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
        throw new TimeoutException($"the service did not become ready within 60 s:{Environment.NewLine}{await File.ReadAllTextAsync(log)}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (_service is { HasExited: false })
        {
            _service.Kill(entireProcessTree: true);
            _service.WaitForExit(10_000);
        }
        _service?.Dispose();
        try
        {
            Directory.Delete(_sandbox, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
