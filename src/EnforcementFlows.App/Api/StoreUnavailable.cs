using Npgsql;

namespace EnforcementFlows.App.Api;

/// <summary>
/// Failures that mean "the database is not there right now" (down, restarting, unreachable, shutting
/// down, too many connections) as opposed to a bug: they answer 503 with Retry-After, and nothing was committed.
/// </summary>
public static class StoreUnavailable
{
    public static bool Is(Exception exception) => exception switch
    {
        // Server-reported: connection exception (08), insufficient resources (53), operator intervention
        // such as admin shutdown or "cannot connect now" during start-up (57).
        PostgresException pg => pg.SqlState[..2] is "08" or "53" or "57",
        // Client-side: the connection could not be opened or broke (socket, timeout, stream).
        NpgsqlException => true,
        System.Data.Common.DbException db => db.IsTransient,
        TimeoutException or System.Net.Sockets.SocketException => true,
        _ => exception.InnerException is { } inner && Is(inner),
    };
}
