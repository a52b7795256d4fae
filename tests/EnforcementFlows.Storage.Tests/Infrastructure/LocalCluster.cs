using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EnforcementFlows.Storage.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster: initdb into a temp directory, pg_ctl start on a free
/// 127.0.0.1 port, pg_ctl stop -m immediate and delete on dispose. initdb and postgres refuse
/// to run as root, so under root they run as the 'postgres' user the Debian package creates.
/// </summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    private const string Superuser = "ef_test";

    private readonly string _root;
    private readonly string _bin;

    private LocalCluster(string root, string bin)
    {
        _root = root;
        _bin = bin;
    }

    public string ConnectionString { get; private set; } = "";

    private string DataDirectory => Path.Combine(_root, "data");

    private string _startOptions = "";

    public static async Task<LocalCluster> StartAsync()
    {
        var bin = FindBinaries();
        var root = Path.Combine(Path.GetTempPath(), $"ef-postgres-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root);
        var cluster = new LocalCluster(root, bin);
        try
        {
            await cluster.InitAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task InitAsync()
    {
        Directory.CreateDirectory(Path.Combine(_root, "socket"));
        if (RunningAsRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", _root], asPostgres: false);
        }
        // Trust on a loopback-only port of a private, throwaway cluster; C locale for byte-order text.
        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", DataDirectory, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var settings = $"-c fsync=on -c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={Path.Combine(_root, "socket")} -c max_connections=200 -c shared_buffers=32MB";
            try
            {
                await RunAsync(Path.Combine(_bin, "pg_ctl"), ["start", "-D", DataDirectory, "-w", "-t", "60", "-l", Path.Combine(_root, "server.log"), "-o", settings]);
                _startOptions = settings;
                ConnectionString = $"Host=127.0.0.1;Port={port};Username={Superuser};Database=postgres;Pooling=true;Timeout=30;Command Timeout=60";
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Another process took the free port between the probe and the start: try another.
            }
        }
    }

    /// <summary>Stops the server at once (pg_ctl stop -m immediate: no checkpoint, clients cut off, as in a crash).</summary>
    public Task StopAsync() => RunAsync(Path.Combine(_bin, "pg_ctl"), ["stop", "-D", DataDirectory, "-m", "immediate", "-w"]);

    /// <summary>Starts the stopped server again on the same port with the same settings (crash recovery replays its WAL).</summary>
    public Task StartAgainAsync() =>
        RunAsync(Path.Combine(_bin, "pg_ctl"), ["start", "-D", DataDirectory, "-w", "-t", "60", "-l", Path.Combine(_root, "server.log"), "-o", _startOptions]);

    private static string FindBinaries()
    {
        var initdb = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return initdb ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb). Install the Debian 'postgresql' package " +
            "(infra/test.sh does this) or set EF_TEST_POSTGRES to the connection string of a server the tests may create databases on.");
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static bool RunningAsRoot => Environment.UserName == "root";

    private async Task RunAsync(string program, string[] args, bool asPostgres = true)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _root };
        if (asPostgres && RunningAsRoot)
        {
            start.FileName = "runuser";
            foreach (var a in (string[])["-u", "postgres", "--", program])
            {
                start.ArgumentList.Add(a);
            }
        }
        else
        {
            start.FileName = program;
        }
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
        if (process.ExitCode != 0)
        {
            var log = Path.Combine(_root, "server.log");
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({process.ExitCode}): {await output}{await errors}" +
                (File.Exists(log) ? "\n" + await File.ReadAllTextAsync(log) : ""));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                await RunAsync(Path.Combine(_bin, "pg_ctl"), ["stop", "-D", DataDirectory, "-m", "immediate", "-w"]);
            }
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
