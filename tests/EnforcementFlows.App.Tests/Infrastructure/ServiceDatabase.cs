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

    /// <summary>How far the run got: cases by status, open cases, case workflows not completed, signals not yet in a case.</summary>
    public async Task<Progress> ProgressAsync(CancellationToken cancellation = default)
    {
        var byStatus = await QueryAsync("SELECT status, COUNT(*) FROM ef_cases GROUP BY status ORDER BY status", r => (r.GetString(0), r.GetInt64(1)), cancellation);
        var unassigned = await CountAsync("SELECT COUNT(*) FROM ef_signals WHERE case_id IS NULL AND held = 0", cancellation);
        var workflows = await CountAsync("SELECT COUNT(*) FROM instances WHERE instance_id LIKE 'case:%' AND status NOT IN (3, 4, 5)", cancellation);
        var signals = await CountAsync("SELECT COUNT(*) FROM ef_signals", cancellation);
        return new Progress(signals, unassigned, byStatus.ToDictionary(p => p.Item1, p => p.Item2), workflows);
    }

    /// <summary>Why case workflows have not finished: their lease, inbox, activities and last turn, for a failure message.</summary>
    public async Task<string> DescribeUnfinishedAsync(int max = 8, CancellationToken cancellation = default)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var rows = await QueryAsync($"""
            SELECT i.instance_id, i.status, i.ready_at - {now}, i.lock_owner, i.lock_expires - {now}, i.custom_status,
                (SELECT COUNT(*) FROM messages m WHERE m.instance_id = i.instance_id),
                (SELECT MIN(m.visible_at) - {now} FROM messages m WHERE m.instance_id = i.instance_id),
                (SELECT string_agg(a.name || ' attempt ' || a.attempt || ' deliveries ' || a.deliveries || ' ready ' || (a.ready_at - {now}) || 'ms owner ' || COALESCE(a.lock_owner, '-'), '; ')
                   FROM activities a WHERE a.instance_id = i.instance_id),
                (SELECT LEFT(h.events, 1500) FROM history h WHERE h.instance_id = i.instance_id ORDER BY h.seq DESC LIMIT 1)
            FROM instances i WHERE i.status NOT IN (3, 4, 5) AND i.instance_id LIKE 'case:%' ORDER BY i.updated_at LIMIT {max}
            """,
            r => $"{r.GetString(0)} status {r.GetInt32(1)} ready_in {(r.IsDBNull(2) ? "-" : r.GetInt64(2) + "ms")} lock {(r.IsDBNull(3) ? "-" : r.GetString(3))} " +
                 $"lock_expires_in {(r.IsDBNull(4) ? "-" : r.GetInt64(4) + "ms")} custom {(r.IsDBNull(5) ? "-" : r.GetString(5))} messages {r.GetInt64(6)} " +
                 $"next_message_in {(r.IsDBNull(7) ? "-" : r.GetInt64(7) + "ms")}{Environment.NewLine}    activities: {(r.IsDBNull(8) ? "-" : r.GetString(8))}" +
                 $"{Environment.NewLine}    last turn: {(r.IsDBNull(9) ? "-" : r.GetString(9))}", cancellation);
        return string.Join(Environment.NewLine, rows);
    }

    /// <summary>Open cases and signals without a case, with the compact history of their account's case workflow.</summary>
    public async Task<string> DescribeOrphansAsync(int max = 6, CancellationToken cancellation = default)
    {
        var accounts = await QueryAsync($"""
            SELECT 'case ' || case_id || ' ' || status, account_id FROM ef_cases WHERE closed_at IS NULL
            UNION ALL SELECT 'signal ' || signal_id, account_id FROM ef_signals WHERE case_id IS NULL AND held = 0
            LIMIT {max}
            """, r => (What: r.GetString(0), Account: r.GetString(1)), cancellation);
        var lines = new List<string>();
        foreach (var (what, account) in accounts)
        {
            var instance = await QueryAsync($"SELECT status, execution_id, COALESCE(lock_owner, '-'), COALESCE(ready_at::text, '-') FROM instances WHERE instance_id = 'case:{account}'",
                r => $"status {r.GetInt32(0)} execution {r.GetString(1)} lock {r.GetString(2)} ready_at {r.GetString(3)}", cancellation);
            var history = await QueryAsync($"SELECT execution_id, events FROM history WHERE instance_id = 'case:{account}' ORDER BY seq",
                r => (Execution: r.GetString(0), Events: r.GetString(1)), cancellation);
            var cases = await QueryAsync($"SELECT case_id || ':' || status FROM ef_cases WHERE account_id = '{account}' ORDER BY opened_at", r => r.GetString(0), cancellation);
            var signals = await QueryAsync($"SELECT signal_id || ':' || COALESCE(case_id, '-') FROM ef_signals WHERE account_id = '{account}' ORDER BY received_at", r => r.GetString(0), cancellation);
            var messages = await QueryAsync($"SELECT LEFT(payload, 200) || ' start ' || (start_payload IS NOT NULL) FROM messages WHERE instance_id = 'case:{account}'", r => r.GetString(0), cancellation);
            lines.Add($"{what} (account {account}): instance {string.Join("", instance)}; cases [{string.Join(", ", cases)}]; signals [{string.Join(", ", signals)}]; " +
                $"inbox [{string.Join(" | ", messages)}]{Environment.NewLine}    history: " +
                string.Join(" / ", history.Select(h => h.Execution[..Math.Min(8, h.Execution.Length)] + ": " + Compact(h.Events))));
        }
        return string.Join(Environment.NewLine, lines);
    }

    private static string Compact(string events)
    {
        using var document = System.Text.Json.JsonDocument.Parse(events);
        return string.Join(" ", document.RootElement.EnumerateArray().Select(e =>
        {
            var kind = e.GetProperty("$e").GetString();
            var detail = e.TryGetProperty("name", out var name) ? name.ToString()
                : e.TryGetProperty("taskId", out var task) ? "#" + task
                : "";
            return detail.Length > 0 ? $"{kind}({detail})" : kind;
        }).Where(k => k != "OrchestratorStarted"));
    }

    public sealed record Progress(long Signals, long SignalsWithoutCase, IReadOnlyDictionary<string, long> CasesByStatus, long CaseWorkflowsRunning)
    {
        public long Cases => CasesByStatus.Values.Sum();

        public long OpenCases => CasesByStatus.Where(p => p.Key is not ("enforced" or "dismissed" or "rejected" or "expired")).Sum(p => p.Value);

        public bool Finished(long acknowledged) => Signals >= acknowledged && SignalsWithoutCase == 0 && OpenCases == 0 && CaseWorkflowsRunning == 0;

        public override string ToString()
            => $"signals {Signals} (without case {SignalsWithoutCase}), cases {Cases} [{string.Join(", ", CasesByStatus.Select(p => $"{p.Key} {p.Value}"))}], case workflows running {CaseWorkflowsRunning}";
    }
}
