using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpsDashboard.Web.Data;

namespace OpsDashboard.Web.Upstream;

/// <summary>One logical call to an upstream, carried on the request so each attempt can be recorded against it.</summary>
public sealed class UpstreamCall
{
    public static readonly HttpRequestOptionsKey<UpstreamCall> Key = new("ops.upstream.call");

    public required string Operation { get; init; }
    public string? SessionId { get; init; }
    public string? UpstreamSessionId { get; init; }
    public CancellationToken CallerToken { get; init; }
    private int _attempts;

    /// <summary>Attempts made so far (the fake counts them too).</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    internal int Next() => Interlocked.Increment(ref _attempts) - 1;
}

/// <summary>Writes <see cref="UpstreamAttemptRecord"/>s. A failed write is logged, never thrown into the call.</summary>
public sealed class UpstreamAttemptLog(IDbContextFactory<OpsDbContext> dbFactory, ILogger<UpstreamAttemptLog> logger)
{
    public const int MaxRawBody = 4000;

    public async Task WriteAsync(UpstreamAttemptRecord record)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            db.UpstreamAttempts.Add(record);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbUpdateException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            logger.LogWarning("Upstream attempt {Operation} of session {SessionId} could not be recorded: {Error}", record.Operation, record.SessionId, ex.Message);
        }
    }

    public async Task<IReadOnlyList<UpstreamAttemptRecord>> ForSessionAsync(string sessionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.UpstreamAttempts.AsNoTracking().Where(a => a.SessionId == sessionId).OrderBy(a => a.Id).ToListAsync(ct);
    }

    /// <summary>Whether a body is well-formed JSON (else it is kept raw on the attempt).</summary>
    public static bool IsJson(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }
        try
        {
            using var _ = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static string Cap(string text) => text.Length <= MaxRawBody ? text : text[..MaxRawBody] + "…";
}

/// <summary>
/// The innermost handler of an upstream's HttpClient, under the Polly pipeline, so it sees every
/// attempt: records status, time, retry number and (when not JSON) the raw body, and counts the
/// attempt for the overview. A streamed answer's body is left unread for the engine.
/// </summary>
public sealed class UpstreamAttemptRecorder(string upstream, UpstreamAttemptLog log, UpstreamHealth health, TimeProvider clock) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        request.Options.TryGetValue(UpstreamCall.Key, out var call);
        var attempt = call?.Next() ?? 0;
        var startedAt = clock.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        var record = new UpstreamAttemptRecord
        {
            SessionId = call?.SessionId,
            Upstream = upstream,
            Operation = call?.Operation ?? "call",
            Request = $"{request.Method} {request.RequestUri?.AbsolutePath}",
            UpstreamSessionId = call?.UpstreamSessionId,
            Attempt = attempt,
            Outcome = "ok",
            StartedAt = startedAt,
        };
        try
        {
            var response = await base.SendAsync(request, ct);
            record.StatusCode = (int)response.StatusCode;
            record.Outcome = response.IsSuccessStatusCode ? "ok" : "http_error";
            record.RetryAfterSeconds = UpstreamResilience.RetryAfter(response) is { } ra ? (int)Math.Ceiling(ra.TotalSeconds) : null;
            if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
            {
                await response.Content.LoadIntoBufferAsync(ct);
                var text = await response.Content.ReadAsStringAsync(ct);
                if (!UpstreamAttemptLog.IsJson(text))
                {
                    record.RawBody = UpstreamAttemptLog.Cap(text);
                    if (response.IsSuccessStatusCode)
                    {
                        record.Outcome = "bad_answer";
                    }
                }
            }
            health.Call(upstream, response.IsSuccessStatusCode || (int)response.StatusCode < 500 ? null : $"{(int)response.StatusCode} {response.ReasonPhrase} on {record.Request}");
            return response;
        }
        catch (OperationCanceledException) when (call?.CallerToken.IsCancellationRequested == true)
        {
            record.Outcome = "cancelled";
            record.Error = "the caller went away";
            throw;
        }
        catch (OperationCanceledException)
        {
            record.Outcome = "timed_out";
            record.Error = "no answer within the attempt timeout";
            health.Call(upstream, $"timed out on {record.Request}");
            throw;
        }
        catch (HttpRequestException e)
        {
            record.Outcome = "connection_failed";
            record.Error = e.Message;
            health.Call(upstream, $"{e.Message} on {record.Request}");
            throw;
        }
        finally
        {
            record.DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            await log.WriteAsync(record);
        }
    }
}
