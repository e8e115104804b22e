using Microsoft.EntityFrameworkCore;

namespace OpsDashboard.Web.Data;

/// <summary>
/// Records that could not be written because of a <see cref="DatabaseFault"/> (a step that ran in
/// the browser, a session that ended) are kept here, in order, and written as soon as the database
/// takes writes again: retried every second in the background, and flushed before the next step of
/// any session starts, so a later record never overtakes an earlier one. Each write runs in one
/// transaction, so a retry never half-applies it. Kept in memory: a gateway stopped while records
/// wait tries them once more and logs what it could not write.
/// </summary>
public sealed class DeferredWrites(IDbContextFactory<OpsDbContext> dbFactory, ILogger<DeferredWrites> logger) : BackgroundService
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(1);
    private readonly Queue<(string What, Func<OpsDbContext, Task> Write)> _queue = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);

    /// <summary>How many records wait to be written.</summary>
    public int Count
    {
        get
        {
            lock (_queue)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>
    /// Writes now, in one transaction; on a database fault keeps the write for later and answers the
    /// fault (null when written). Earlier deferred records are written first.
    /// </summary>
    public async Task<DatabaseFault?> WriteOrDeferAsync(string what, Func<OpsDbContext, Task> write)
    {
        try
        {
            await FlushAsync(CancellationToken.None);
            await RunAsync(write);
            return null;
        }
        catch (Exception ex) when (DatabaseFault.Of(ex) is { } fault)
        {
            lock (_queue)
            {
                _queue.Enqueue((what, write));
            }
            logger.LogWarning("The record of {What} could not be written ({Fault}); it is kept and written once the database takes writes again",
                what, fault.Detail);
            return fault;
        }
    }

    /// <summary>Writes every waiting record in order; throws the database fault that stops it.</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        if (Count == 0)
        {
            return;
        }
        await _flushing.WaitAsync(ct);
        try
        {
            while (true)
            {
                (string What, Func<OpsDbContext, Task> Write) next;
                lock (_queue)
                {
                    if (!_queue.TryPeek(out next))
                    {
                        return;
                    }
                }
                try
                {
                    await RunAsync(next.Write);
                }
                catch (Exception ex) when (DatabaseFault.Of(ex) is null && ex is not OperationCanceledException)
                {
                    // Not a passing fault: retrying cannot help, and it must not hold back the records after it.
                    logger.LogError(ex, "The deferred record of {What} cannot be written and is dropped", next.What);
                }
                lock (_queue)
                {
                    _queue.Dequeue();
                }
                logger.LogInformation("Deferred record of {What} done", next.What);
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    private async Task RunAsync(Func<OpsDbContext, Task> write)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
        await write(db);
        await tx.CommitAsync(CancellationToken.None);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RetryEvery, stoppingToken);
                await FlushAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (DatabaseFault.Of(ex) is not null)
            {
                // Still not writable: try again next round.
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Writing a deferred record failed");
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await FlushAsync(CancellationToken.None);
        }
        catch (Exception ex) when (DatabaseFault.Of(ex) is { } fault)
        {
            lock (_queue)
            {
                logger.LogError("Stopping with {Count} records not written ({Fault}): {What}", _queue.Count, fault.Detail,
                    string.Join("; ", _queue.Select(q => q.What)));
            }
        }
    }
}
