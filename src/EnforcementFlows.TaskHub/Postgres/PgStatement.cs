using System.Globalization;

namespace EnforcementFlows.TaskHub.Postgres;

/// <summary>
/// One SQL statement assembled from writes (data-modifying CTEs) in front of a main query, with positional
/// parameters numbered in the order they are added (so one shape of statement always has one text, and
/// Npgsql's auto-prepare reuses it). Every statement costs a bind and an execute on the server and a command
/// on the client, so a turn's independent writes go into one statement. PostgreSQL runs a CTE that nothing
/// reads after the main query, so a guard in the main query fails the statement before those writes happen.
/// </summary>
internal sealed class PgStatement
{
    private readonly List<string> _ctes = [];
    private readonly List<object?> _args = [];

    /// <summary>Adds a parameter and returns its placeholder.</summary>
    public string Arg(object? value)
    {
        _args.Add(value);
        return "$" + _args.Count.ToString(CultureInfo.InvariantCulture);
    }

    public bool HasWrites => _ctes.Count > 0;

    public void With(string name, string sql) => _ctes.Add($"{name} AS ({sql})");

    /// <summary>Defers the statement with <paramref name="main"/> as its main query.</summary>
    public void Defer(PgSession session, string main) =>
        session.Defer(_ctes.Count == 0 ? main : $"WITH {string.Join(", ", _ctes)}\n{main}", [.. _args]);
}
