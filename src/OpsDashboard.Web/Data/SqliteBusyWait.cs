using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OpsDashboard.Web.Data;

/// <summary>
/// Every SQLite connection waits for another writer inside SQLite itself (<c>PRAGMA busy_timeout</c>, which retries
/// within a millisecond or so of the lock coming free) instead of Microsoft.Data.Sqlite's own retry, which sleeps 150 ms
/// between tries: a step whose running row meets the previous answer's picture and state being written (in the same
/// process) waited a whole 150 ms for a lock held a few milliseconds. The wait is bounded by <c>Ops:DatabaseBusyTimeout</c>,
/// as before; past it the write fails and the request answers 503 (<see cref="DatabaseFault"/>).
/// </summary>
public sealed class SqliteBusyWait(TimeSpan timeout) : DbConnectionInterceptor
{
    private readonly string _pragma = $"PRAGMA busy_timeout = {(long)Math.Max(1, timeout.TotalMilliseconds)};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
