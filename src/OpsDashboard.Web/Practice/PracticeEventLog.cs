using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using OpsDashboard.Web.Api;

namespace OpsDashboard.Web.Practice;

/// <summary>
/// The practice sites' event log, read back by the agent evaluation (<c>bench/AgentEval</c>). The
/// evaluation sites record what a visitor actually did in localStorage (<c>practice_eval_log</c>,
/// <c>wwwroot/practice/shared/eval-log.js</c>); at the end of a case the session opens
/// <c>/practice/eval/snapshot.html?visitor=ID</c>, which posts that browser profile's whole
/// localStorage here. <c>GET /practice/eval/snapshots/{visitor}</c> answers the latest snapshot.
/// Practice data only, kept in memory (bounded), unauthenticated like the practice sites themselves.
/// </summary>
public static partial class PracticeEventLog
{
    private const int MaxVisitors = 2000;
    private const int MaxBodyBytes = 512 * 1024;
    private static readonly ConcurrentDictionary<string, (long Seq, JsonElement Body)> Snapshots = new();
    private static long _seq;

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,80}$")]
    private static partial Regex VisitorId();

    public static WebApplication MapPracticeEventLog(this WebApplication app)
    {
        app.MapPost("/practice/eval/snapshots/{visitor}", async (string visitor, HttpRequest request) =>
        {
            if (!VisitorId().IsMatch(visitor))
            {
                return ApiErrors.Problem(400, "Bad Request", "visitor must be 1-80 letters, digits, '.', '_' or '-'.");
            }
            if (request.ContentLength is > MaxBodyBytes)
            {
                return ApiErrors.Problem(413, "Payload Too Large", $"A practice snapshot is at most {MaxBodyBytes} bytes.");
            }
            JsonElement body;
            try
            {
                using var limited = new MemoryStream();
                await request.Body.CopyToAsync(limited, request.HttpContext.RequestAborted);
                if (limited.Length > MaxBodyBytes)
                {
                    return ApiErrors.Problem(413, "Payload Too Large", $"A practice snapshot is at most {MaxBodyBytes} bytes.");
                }
                body = JsonDocument.Parse(limited.ToArray()).RootElement.Clone();
            }
            catch (JsonException e)
            {
                return ApiErrors.Problem(400, "Bad Request", "The snapshot body is not JSON: " + e.Message);
            }
            if (Snapshots.Count >= MaxVisitors && !Snapshots.ContainsKey(visitor))
            {
                // Drop the oldest half: the log only has to outlive one evaluation case.
                foreach (var old in Snapshots.OrderBy(kv => kv.Value.Seq).Take(MaxVisitors / 2).Select(kv => kv.Key).ToList())
                {
                    Snapshots.TryRemove(old, out _);
                }
            }
            Snapshots[visitor] = (Interlocked.Increment(ref _seq), body);
            return Results.NoContent();
        }).DisableAntiforgery().ExcludeFromDescription();

        app.MapGet("/practice/eval/snapshots/{visitor}", (string visitor) =>
            Snapshots.TryGetValue(visitor, out var s)
                ? Results.Json(s.Body)
                : ApiErrors.Problem(404, "Not Found", $"No practice snapshot for visitor '{visitor}': open /practice/eval/snapshot.html?visitor={visitor} in the session first."))
            .ExcludeFromDescription();
        return app;
    }
}
