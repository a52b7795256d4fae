using Npgsql;

namespace EnforcementFlows.App.Tests.Infrastructure;

/// <summary>Reads the service's PostgreSQL tables (schema enforcementflows) behind its back, for fault-test invariants.</summary>
public sealed class ServiceDatabase(string connectionString)
{
    public string ConnectionString { get; } = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = "enforcementflows", Pooling = true, MaxPoolSize = 4 }.ConnectionString;

    /// <summary>The settings that point the service (and its CLI) at this database.</summary>
    public static Dictionary<string, string> Settings(string connectionString, string separator = "__") => new()
    {
        [$"EnforcementFlows{separator}Storage{separator}Provider"] = "Postgres",
        [$"EnforcementFlows{separator}Storage{separator}ConnectionString"] = connectionString,
    };

    public async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellation = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellation);
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellation);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellation))
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    public async Task<long> CountAsync(string sql, CancellationToken cancellation = default)
        => (await QueryAsync(sql, r => Convert.ToInt64(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture), cancellation)).Single();

    /// <summary>The PostgreSQL task hub's schema, when the service runs its workflows on it (Workflows:TaskHub:Provider=Postgres).</summary>
    public const string TaskHubSchema = "taskhub";

    /// <summary>How far the run got: cases by status, open cases, workflow commands not yet delivered, signals not yet in a case.</summary>
    public async Task<Progress> ProgressAsync(CancellationToken cancellation = default)
    {
        var byStatus = await QueryAsync("SELECT status, COUNT(*) FROM ef_cases GROUP BY status ORDER BY status", r => (r.GetString(0), r.GetInt64(1)), cancellation);
        var unassigned = await CountAsync("SELECT COUNT(*) FROM ef_signals WHERE case_id IS NULL AND held <> 1", cancellation);
        var undelivered = await CountAsync("SELECT COUNT(*) FROM ef_workflow_outbox WHERE sent_at IS NULL", cancellation);
        var signals = await CountAsync("SELECT COUNT(*) FROM ef_signals", cancellation);
        return new Progress(signals, unassigned, byStatus.ToDictionary(p => p.Item1, p => p.Item2), undelivered);
    }

    /// <summary>Why cases have not finished: the open cases, their account's instance on the task hub, and its pending work.</summary>
    public async Task<string> DescribeUnfinishedAsync(int max = 8, CancellationToken cancellation = default)
    {
        var nowTicks = DateTime.UtcNow.Ticks;
        var rows = await QueryAsync($"""
            SELECT c.case_id, c.status, i.status, i.custom_status,
                (SELECT (s.available_at - {nowTicks}) / 10000 FROM {TaskHubSchema}.sessions s WHERE s.instance_id = i.instance_id),
                (SELECT COALESCE(s.lock_token, '-') FROM {TaskHubSchema}.sessions s WHERE s.instance_id = i.instance_id),
                (SELECT COUNT(*) FROM {TaskHubSchema}.messages m WHERE m.instance_id = i.instance_id),
                (SELECT COUNT(*) FROM {TaskHubSchema}.activities a WHERE a.instance_id = i.instance_id)
            FROM ef_cases c LEFT JOIN {TaskHubSchema}.instances i ON i.instance_id = 'case-' || c.account_id
            WHERE c.closed_at IS NULL ORDER BY c.opened_at LIMIT {max}
            """,
            r => $"{r.GetString(0)} {r.GetString(1)}: instance status {(r.IsDBNull(2) ? "-" : r.GetInt32(2))} custom {(r.IsDBNull(3) ? "-" : r.GetString(3))} " +
                 $"session due in {(r.IsDBNull(4) ? "-" : r.GetInt64(4) + "ms")} lock {(r.IsDBNull(5) ? "-" : r.GetString(5))} messages {r.GetInt64(6)} activities {r.GetInt64(7)}", cancellation);
        var outbox = await QueryAsync("SELECT seq || ' ' || kind || ' ' || subject || ' attempts ' || attempts || ' ' || COALESCE(LEFT(last_error, 200), '') FROM ef_workflow_outbox WHERE sent_at IS NULL ORDER BY seq LIMIT 5",
            r => r.GetString(0), cancellation);
        return string.Join(Environment.NewLine, rows.Concat(outbox.Select(o => "undelivered outbox row " + o)));
    }

    /// <summary>Signals without a case and open cases, with their account's outbox rows and task hub instance.</summary>
    public async Task<string> DescribeOrphansAsync(int max = 6, CancellationToken cancellation = default)
    {
        var accounts = await QueryAsync($"""
            SELECT 'case ' || case_id || ' ' || status, account_id FROM ef_cases WHERE closed_at IS NULL
            UNION ALL SELECT 'signal ' || signal_id, account_id FROM ef_signals WHERE case_id IS NULL AND held <> 1
            LIMIT {max}
            """, r => (What: r.GetString(0), Account: r.GetString(1)), cancellation);
        var lines = new List<string>();
        foreach (var (what, account) in accounts)
        {
            var instance = await QueryAsync($"SELECT status || ' ' || execution_id || ' ' || COALESCE(custom_status, '-') FROM {TaskHubSchema}.instances WHERE instance_id = 'case-{account}'",
                r => r.GetString(0), cancellation);
            var cases = await QueryAsync($"SELECT case_id || ':' || status FROM ef_cases WHERE account_id = '{account}' ORDER BY opened_at", r => r.GetString(0), cancellation);
            var signals = await QueryAsync($"SELECT signal_id || ':' || COALESCE(case_id, '-') FROM ef_signals WHERE account_id = '{account}' ORDER BY received_at", r => r.GetString(0), cancellation);
            var outbox = await QueryAsync($"SELECT seq || ':' || kind || ':' || (sent_at IS NOT NULL) FROM ef_workflow_outbox WHERE subject = '{account}' ORDER BY seq", r => r.GetString(0), cancellation);
            lines.Add($"{what} (account {account}): instance {string.Join("", instance)}; cases [{string.Join(", ", cases)}]; signals [{string.Join(", ", signals)}]; outbox [{string.Join(", ", outbox)}]");
        }
        return string.Join(Environment.NewLine, lines);
    }

    public sealed record Progress(long Signals, long SignalsWithoutCase, IReadOnlyDictionary<string, long> CasesByStatus, long UndeliveredCommands)
    {
        public long Cases => CasesByStatus.Values.Sum();

        public long OpenCases => CasesByStatus.Where(p => p.Key is not ("enforced" or "dismissed" or "rejected" or "expired")).Sum(p => p.Value);

        public bool Finished(long acknowledged) => Signals >= acknowledged && SignalsWithoutCase == 0 && OpenCases == 0 && UndeliveredCommands == 0;

        public override string ToString()
            => $"signals {Signals} (without case {SignalsWithoutCase}), cases {Cases} [{string.Join(", ", CasesByStatus.Select(p => $"{p.Key} {p.Value}"))}], undelivered workflow commands {UndeliveredCommands}";
    }
}
