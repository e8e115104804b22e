using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace OpsDashboard.Web.Data;

/// <summary>
/// Watches every database command (an EF Core interceptor on the gateway's contexts): remembers the
/// last database fault and the last write that went through, so readiness can say that writes are
/// failing (a full disk shows only when something is written) and clear it once one succeeds.
/// </summary>
public sealed class DatabaseFaultMonitor(TimeProvider clock) : DbCommandInterceptor
{
    /// <summary>A fault not followed by a successful write is reported this long.</summary>
    public static readonly TimeSpan ReportFor = TimeSpan.FromSeconds(60);

    private readonly Lock _lock = new();
    private (DatabaseFault Fault, DateTimeOffset At)? _last;

    /// <summary>The fault writes are hitting now, if the last write attempt failed recently.</summary>
    public (DatabaseFault Fault, DateTimeOffset At)? Current
    {
        get
        {
            lock (_lock)
            {
                return _last is { } l && clock.GetUtcNow() - l.At < ReportFor ? l : null;
            }
        }
    }

    public void Failed(DatabaseFault fault)
    {
        lock (_lock)
        {
            _last = (fault, clock.GetUtcNow());
        }
    }

    public void Wrote()
    {
        lock (_lock)
        {
            _last = null;
        }
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Observe(eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Observe(eventData.Exception);
        return Task.CompletedTask;
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        ObserveWrite(command);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        ObserveWrite(command);
        return ValueTask.FromResult(result);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        ObserveReader(command);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        ObserveReader(command);
        return ValueTask.FromResult(result);
    }

    private void Observe(Exception ex)
    {
        if (DatabaseFault.Of(ex) is { } fault)
        {
            Failed(fault);
        }
    }

    /// <summary>SaveChanges writes through readers (INSERT … RETURNING): those count as writes, plain SELECTs do not.</summary>
    private void ObserveReader(DbCommand command)
    {
        var text = command.CommandText.AsSpan().TrimStart();
        if (text.StartsWith("INSERT", StringComparison.OrdinalIgnoreCase) || text.StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("DELETE", StringComparison.OrdinalIgnoreCase))
        {
            ObserveWrite(command);
        }
    }

    /// <summary>A write inside a transaction counts once the transaction commits (a full disk fails the COMMIT).</summary>
    private void ObserveWrite(DbCommand command)
    {
        if (command.Transaction is null)
        {
            Wrote();
        }
    }

    /// <summary>The transaction side: a COMMIT that fails (disk full) or succeeds.</summary>
    public sealed class Transactions(DatabaseFaultMonitor monitor) : DbTransactionInterceptor
    {
        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => monitor.Wrote();

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            monitor.Wrote();
            return Task.CompletedTask;
        }

        public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => monitor.Observe(eventData.Exception);

        public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            monitor.Observe(eventData.Exception);
            return Task.CompletedTask;
        }
    }
}
