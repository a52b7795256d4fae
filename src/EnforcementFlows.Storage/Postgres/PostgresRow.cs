using Npgsql;

namespace EnforcementFlows.Storage.Postgres;

/// <summary>
/// The current row of a reader. Integers convert between widths so application SQL need not care
/// whether a column (or COUNT(*)) is integer or bigint.
/// </summary>
internal sealed class PostgresRow(NpgsqlDataReader reader) : IRowReader
{
    public bool IsDBNull(int ordinal) => reader.IsDBNull(ordinal);
    public string GetString(int ordinal) => reader.GetString(ordinal);
    public long GetInt64(int ordinal) => Convert.ToInt64(reader.GetValue(ordinal));
    public int GetInt32(int ordinal) => Convert.ToInt32(reader.GetValue(ordinal));
    public double GetDouble(int ordinal) => Convert.ToDouble(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);
    public object GetValue(int ordinal) => reader.GetValue(ordinal);
    public string? GetStringOrNull(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
    public bool GetBoolean(int ordinal) => reader.GetBoolean(ordinal);
}
