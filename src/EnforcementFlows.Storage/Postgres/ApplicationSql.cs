using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace EnforcementFlows.Storage.Postgres;

/// <summary>
/// Application SQL names parameters $p0, $p1, ... on every store (see IDomainTransaction); Npgsql
/// binds named parameters written @p0. The rewrite is cached: application statements are constants.
/// </summary>
internal static partial class ApplicationSql
{
    private static readonly ConcurrentDictionary<string, string> Rewritten = new(StringComparer.Ordinal);

    public static string ToNpgsql(string sql) => Rewritten.GetOrAdd(sql, s => Parameter().Replace(s, "@p$1"));

    // Not inside a dollar-quoted body or string literal in practice: application SQL has neither.
    [GeneratedRegex(@"\$p(\d+)\b")]
    private static partial Regex Parameter();
}
