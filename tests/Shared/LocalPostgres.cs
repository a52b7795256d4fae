using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace EnforcementFlows.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL cluster for every test project and benchmark that needs one (the file is linked into each,
/// so it has no xUnit in it): initdb into a temp directory, pg_ctl start on a
/// free 127.0.0.1 port (fsync on, as in production), stop and delete on dispose. Each test class takes a
/// schema of its own (<see cref="NewSchema"/>). initdb and postgres refuse to run as root, so under root
/// they run as the 'postgres' user the Debian package creates. Missing binaries fail the tests (never a skip).
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    private const string Superuser = "ef_test";
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"ef-pg-{Guid.NewGuid():N}");
    private string _bin = "";
    private string _startOptions = "";

    public string ConnectionString { get; private set; } = "";

    public string DataDirectory => Path.Combine(_root, "data");

    /// <summary>A schema name no other test class uses (the task hub creates it).</summary>
    public static string NewSchema(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];

    /// <summary>A new cluster, started; disposed again when it cannot start.</summary>
    public static async Task<LocalPostgres> StartNewAsync()
    {
        var cluster = new LocalPostgres();
        try
        {
            await cluster.StartAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async Task StartAsync()
    {
        _bin = FindBinaries();
        Directory.CreateDirectory(Path.Combine(_root, "socket"));
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", ["-R", "postgres:postgres", _root], asPostgres: false);
        }
        // Trust on a loopback-only port of a private, throwaway cluster; C locale for byte-order text.
        await RunAsync(Path.Combine(_bin, "initdb"), ["-D", DataDirectory, "-U", Superuser, "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var settings = $"-c fsync=on -c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={Path.Combine(_root, "socket")} -c max_connections=200 -c shared_buffers=64MB";
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

    /// <summary>pg_ctl stop with the given mode ("fast": clients cut off, a clean shutdown checkpoint).</summary>
    public Task StopAsync(string mode = "fast") => RunAsync(Path.Combine(_bin, "pg_ctl"), ["stop", "-D", DataDirectory, "-m", mode, "-w"]);

    /// <summary>Starts the stopped server again on the same port with the same settings.</summary>
    public Task StartAgainAsync() =>
        RunAsync(Path.Combine(_bin, "pg_ctl"), ["start", "-D", DataDirectory, "-w", "-t", "60", "-l", Path.Combine(_root, "server.log"), "-o", _startOptions]);

    private static string FindBinaries()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb). Install the Debian 'postgresql' package " +
            "(infra/test.sh does this); the PostgreSQL tests need a real server.");
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task RunAsync(string program, string[] args, bool asPostgres = true)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _root };
        if (asPostgres && Environment.UserName == "root")
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
        NpgsqlConnection.ClearAllPools();
        if (!Directory.Exists(_root))
        {
            return;
        }
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
            {
                await StopAsync("immediate");
            }
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
