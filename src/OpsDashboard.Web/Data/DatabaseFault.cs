using Microsoft.Data.Sqlite;
using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Web.Data;

/// <summary>Why the database cannot be written for now: locked by another process, the disk full, or an I/O error.</summary>
public enum DatabaseFaultKind
{
    Locked,
    DiskFull,
    IoError,
    /// <summary>PostgreSQL: the server cannot be reached or is shutting down.</summary>
    Unreachable,
}

/// <summary>
/// A database fault that clears by itself (another process releases its lock, space is freed), as
/// opposed to a bug. SQLite reports them as <see cref="SqliteException"/> with error 5 (BUSY),
/// 6 (LOCKED), 13 (FULL) or 10 (IOERR), often wrapped in EF Core's <c>DbUpdateException</c>.
/// This is the one place they are recognised and turned into the contract's 503 answer.
/// </summary>
public sealed record DatabaseFault(DatabaseFaultKind Kind, int SqliteErrorCode, string Detail)
{
    public const int SqliteBusy = 5;
    public const int SqliteLocked = 6;
    public const int SqliteIoError = 10;
    public const int SqliteFull = 13;

    /// <summary>The fault behind <paramref name="ex"/> (searched through inner and aggregate exceptions), or null for anything else.</summary>
    public static DatabaseFault? Of(Exception? ex)
    {
        for (var depth = 0; ex is not null && depth < 8; depth++)
        {
            if (ex is RecordDeferredException deferred)
            {
                return deferred.Fault;
            }
            if (ex is SqliteException sqlite && Classify(sqlite.SqliteErrorCode) is { } kind)
            {
                return new DatabaseFault(kind, sqlite.SqliteErrorCode & 0xFF, sqlite.Message);
            }
            if (ex is Npgsql.PostgresException pg)
            {
                if (ClassifyPostgres(pg.SqlState) is { } pgKind)
                {
                    return new DatabaseFault(pgKind, 0, pg.Message) { SqlState = pg.SqlState };
                }
            }
            else if (ex is Npgsql.NpgsqlException { IsTransient: true } npgsql)
            {
                return new DatabaseFault(DatabaseFaultKind.Unreachable, 0, npgsql.Message);
            }
            ex = ex is AggregateException { InnerExceptions.Count: 1 } agg ? agg.InnerExceptions[0] : ex.InnerException;
        }
        return null;
    }

    private static DatabaseFaultKind? Classify(int code) => (code & 0xFF) switch
    {
        SqliteBusy or SqliteLocked => DatabaseFaultKind.Locked,
        SqliteFull => DatabaseFaultKind.DiskFull,
        SqliteIoError => DatabaseFaultKind.IoError,
        _ => null,
    };

    /// <summary>PostgreSQL's SQLSTATE when the fault came from PostgreSQL.</summary>
    public string? SqlState { get; init; }

    /// <summary>PostgreSQL SQLSTATEs that clear by themselves: lock/serialization conflicts, a full disk, the server shutting down or out of connections.</summary>
    private static DatabaseFaultKind? ClassifyPostgres(string state) => state switch
    {
        "55P03" or "40001" or "40P01" or "57014" => DatabaseFaultKind.Locked,
        "53100" => DatabaseFaultKind.DiskFull,
        "58030" => DatabaseFaultKind.IoError,
        "57P01" or "57P02" or "57P03" or "53300" or "08000" or "08003" or "08006" or "08001" or "08004" => DatabaseFaultKind.Unreachable,
        _ => null,
    };

    /// <summary>What is wrong, in a sentence fragment: "the database is locked by another process (…)".</summary>
    public string Sentence => SqlState is not null || Kind == DatabaseFaultKind.Unreachable ? PostgresSentence : Kind switch
    {
        DatabaseFaultKind.Locked => $"the database is busy: it is locked by another process (SQLite error {SqliteErrorCode}, database is locked)",
        DatabaseFaultKind.DiskFull => "the disk holding the database is full (SQLite error 13, database or disk is full); free space in the data directory",
        _ => $"the database file could not be written (SQLite error {SqliteErrorCode}, disk I/O error)",
    };

    private string PostgresSentence => Kind switch
    {
        DatabaseFaultKind.Locked => $"the PostgreSQL database is busy: a lock or a conflicting transaction did not clear in time (SQLSTATE {SqlState})",
        DatabaseFaultKind.DiskFull => $"the disk of the PostgreSQL server is full (SQLSTATE {SqlState})",
        DatabaseFaultKind.IoError => $"the PostgreSQL server could not write its files (SQLSTATE {SqlState})",
        _ => $"the PostgreSQL server cannot be reached or is not accepting connections ({(SqlState is null ? Detail : "SQLSTATE " + SqlState)})",
    };

    /// <summary>When to try again: a lock is usually brief, a full disk needs someone to free space.</summary>
    public TimeSpan RetryAfter => Kind == DatabaseFaultKind.Locked ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(30);

    /// <summary>
    /// The 503 answer: <paramref name="what"/> says what did or did not happen ("The step was not run"),
    /// <paramref name="advice"/> what to do (default: retry after the Retry-After delay).
    /// </summary>
    public ApiProblem Problem(string what, string? advice = null) => ApiProblem.Unavailable(
        $"{what}: {Sentence}. Nothing already recorded is lost or damaged, and the gateway resumes by itself once the database " +
        $"can be written again; {advice ?? $"retry after {RetryAfter.TotalSeconds:0} s"}.", RetryAfter);
}

/// <summary>A record could not be written because of <see cref="Fault"/>; it was kept in <see cref="DeferredWrites"/> and is written later.</summary>
public sealed class RecordDeferredException(DatabaseFault fault, string what)
    : Exception($"The record of {what} could not be written yet: {fault.Sentence}.")
{
    public DatabaseFault Fault { get; } = fault;
}
