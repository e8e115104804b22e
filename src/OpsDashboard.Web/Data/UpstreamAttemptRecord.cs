namespace OpsDashboard.Web.Data;

/// <summary>
/// One attempt of a call OpsDashboard made to a hosted upstream (every retry is its own row): what
/// was asked, what came back, and the upstream's raw body when it was not JSON.
/// </summary>
public sealed class UpstreamAttemptRecord
{
    public long Id { get; set; }
    /// <summary>Our session id (null for a call not tied to a session).</summary>
    public string? SessionId { get; set; }
    /// <summary>The upstream's name (<c>Ops:Upstreams:{name}</c>).</summary>
    public required string Upstream { get; set; }
    /// <summary>create, step, close, screenshot, sessions, browse, retrieve.</summary>
    public required string Operation { get; set; }
    /// <summary>Method and path as sent, e.g. <c>POST /v1/web/session/{upstream id}</c>.</summary>
    public required string Request { get; set; }
    /// <summary>The session's id at the upstream, when known.</summary>
    public string? UpstreamSessionId { get; set; }
    /// <summary>0 for the first attempt, 1 for the first retry …</summary>
    public int Attempt { get; set; }
    /// <summary>The HTTP status, null when none came (refused, timed out, circuit open).</summary>
    public int? StatusCode { get; set; }
    /// <summary>ok, http_error, connection_failed, timed_out, circuit_open, stream_failed, bad_answer.</summary>
    public required string Outcome { get; set; }
    public string? Error { get; set; }
    public int? RetryAfterSeconds { get; set; }
    /// <summary>The answer's body when it was not JSON (an HTML error page, truncated JSON), at most 4,000 characters.</summary>
    public string? RawBody { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public double DurationMs { get; set; }
}
