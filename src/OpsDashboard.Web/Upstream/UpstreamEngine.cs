using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpsDashboard.Core.Engine;
using OpsDashboard.Web.Data;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace OpsDashboard.Web.Upstream;

/// <summary>What a forwarded retrieve answered.</summary>
public sealed record UpstreamRetrieve(string Status, string Message, string Url, IReadOnlyList<JsonObject> Data);

/// <summary>
/// A session engine that forwards to a hosted MultiOn-compatible service (<c>Ops:Upstreams:{name}</c>)
/// with OpsDashboard's own key for it. Create → <c>POST /session</c>, a step → <c>POST /session/{id}</c>
/// (streamed when the caller hears progress), close → <c>DELETE</c>, screenshot → <c>GET /screenshot</c>
/// (or the answer's own <c>screenshot</c> field), retrieve → <c>POST /retrieve</c>. Every call goes
/// through the upstream's Polly pipeline (<see cref="UpstreamResilience"/>), and each of its failures
/// becomes an <see cref="EngineCallException"/> naming the upstream and what it answered (never a 500),
/// or <see cref="EngineSessionGoneException"/> when it no longer has the session.
/// </summary>
public sealed class UpstreamEngine(UpstreamOptions options, IHttpClientFactory clients, UpstreamHealth health, UpstreamAttemptLog log,
    TimeProvider clock, ILogger<UpstreamEngine> logger) : ISessionEngine
{
    private sealed class Remote(string upstreamId, string url)
    {
        public string UpstreamId { get; } = upstreamId;
        public string Url { get; set; } = url;
        public string? PendingUrl { get; set; }
        /// <summary>The screenshot the last answer carried (URL or data URI), used by the next screenshot.</summary>
        public string? Screenshot { get; set; }
    }

    private readonly ConcurrentDictionary<string, Remote> _sessions = new();

    public UpstreamOptions Options => options;

    public string Name => options.Name;

    public string? UnavailableReason => null;

    /// <summary>Never raised: an upstream session that is gone is found on its next call (404 → expired).</summary>
    public event Action<SessionLost>? SessionLost { add { } remove { } }

    public static string ClientName(string upstream) => "upstream:" + upstream;

    /// <summary>The session's id at the upstream, when this engine runs it.</summary>
    public string? UpstreamIdOf(string sessionId) => _sessions.TryGetValue(sessionId, out var r) ? r.UpstreamId : null;

    public async Task<string> OpenAsync(string sessionId, EngineOpenOptions open, CancellationToken ct)
    {
        var body = new JsonObject { ["url"] = open.Url };
        if (open.Width is not null || open.Height is not null)
        {
            body["browser_params"] = new JsonObject { ["width"] = open.Width, ["height"] = open.Height };
        }
        using var answer = await SendAsync(sessionId, null, "create", HttpMethod.Post, "session", body, ct);
        var json = await ReadJsonAsync(answer, "create", sessionId, null);
        var upstreamId = Str(json, "session_id");
        if (string.IsNullOrWhiteSpace(upstreamId))
        {
            throw BadAnswer("create", $"answered {(int)answer.StatusCode} without a session_id ({Snippet(json.ToJsonString())})", sessionId, null);
        }
        var url = Str(json, "url") is { Length: > 0 } u ? u : open.Url;
        _sessions[sessionId] = new Remote(upstreamId, url) { Screenshot = Str(json, "screenshot") is { Length: > 0 } s ? s : null };
        return url;
    }

    public async Task<EngineStepResult> RunAsync(string sessionId, string cmd, bool useLlm, Action<string, string> progress, CancellationToken ct)
    {
        var remote = Of(sessionId);
        var body = new JsonObject { ["cmd"] = cmd };
        if (remote.PendingUrl is { } pending)
        {
            body["url"] = pending;
        }
        var streamed = EngineCall.Streamed;
        if (streamed)
        {
            body["stream"] = true;
        }
        using var answer = await SendAsync(sessionId, remote, "step", HttpMethod.Post, $"session/{Uri.EscapeDataString(remote.UpstreamId)}", body, ct, stream: streamed);
        remote.PendingUrl = null;
        EngineStepResult result;
        if (answer.Content.Headers.ContentType?.MediaType == "text/event-stream")
        {
            result = await ReadStreamAsync(sessionId, remote, answer, progress, ct);
        }
        else
        {
            var json = await ReadJsonAsync(answer, "step", sessionId, remote);
            if (Str(json, "status") is not { Length: > 0 } status)
            {
                throw BadAnswer("step", $"answered {(int)answer.StatusCode} without a status ({Snippet(json.ToJsonString())})", sessionId, remote);
            }
            var url = Str(json, "url") is { Length: > 0 } u ? u : remote.Url;
            remote.Screenshot = Str(json, "screenshot") is { Length: > 0 } s ? s : null;
            result = new EngineStepResult(status, Str(json, "message") ?? "", url);
        }
        remote.Url = result.Url;
        return result;
    }

    /// <summary>The upstream opens a step's url itself: it is sent with the next cmd.</summary>
    public Task<string> NavigateAsync(string sessionId, string url, CancellationToken ct)
    {
        Of(sessionId).PendingUrl = url;
        return Task.FromResult(url);
    }

    /// <summary>The upstream takes the window size when the session is created; a later size is not forwarded.</summary>
    public Task ResizeAsync(string sessionId, int width, int height, CancellationToken ct) => Task.CompletedTask;

    public async Task<byte[]> ScreenshotAsync(string sessionId, CancellationToken ct)
    {
        var remote = Of(sessionId);
        var shot = remote.Screenshot;
        remote.Screenshot = null;
        if (shot is null)
        {
            using var answer = await SendAsync(sessionId, remote, "screenshot", HttpMethod.Get, $"screenshot/{Uri.EscapeDataString(remote.UpstreamId)}", null, ct);
            var json = await ReadJsonAsync(answer, "screenshot", sessionId, remote);
            shot = Str(json, "screenshot");
            if (string.IsNullOrWhiteSpace(shot))
            {
                throw new EngineStepException($"Upstream '{Name}' answered the screenshot of its session {remote.UpstreamId} without one.");
            }
        }
        return await FetchImageAsync(sessionId, remote, shot, ct);
    }

    public Task<PageSnapshot> CaptureAsync(string sessionId, bool renderJs, bool scrollToBottom, bool fullPage, CancellationToken ct) =>
        throw new EngineStepException($"Session {sessionId} runs on upstream '{Name}': its page is read by the upstream's retrieve, not captured here.");

    public Task<string> ExportStateAsync(string sessionId, CancellationToken ct) =>
        throw new EngineStepException($"Session {sessionId} runs on upstream '{Name}', which keeps its browser state; it cannot be saved here.");

    public async Task CloseAsync(string sessionId)
    {
        if (!_sessions.TryRemove(sessionId, out var remote))
        {
            return;
        }
        try
        {
            using var answer = await SendAsync(sessionId, remote, "close", HttpMethod.Delete, $"session/{Uri.EscapeDataString(remote.UpstreamId)}", null, CancellationToken.None);
            if (!answer.IsSuccessStatusCode && answer.StatusCode != HttpStatusCode.NotFound)
            {
                logger.LogWarning("Upstream {Upstream} answered {Status} to closing its session {UpstreamId} (ours {SessionId})",
                    Name, (int)answer.StatusCode, remote.UpstreamId, sessionId);
            }
        }
        catch (EngineCallException ex)
        {
            // Our record ends either way; the upstream ends its own session after its idle timeout.
            logger.LogWarning("Upstream {Upstream}: closing its session {UpstreamId} (ours {SessionId}) failed: {Error}", Name, remote.UpstreamId, sessionId, ex.Message);
        }
    }

    /// <summary>Forwards a retrieve for a session this engine runs.</summary>
    public async Task<UpstreamRetrieve> RetrieveAsync(string sessionId, JsonObject body, CancellationToken ct)
    {
        var remote = Of(sessionId);
        body["session_id"] = remote.UpstreamId;
        using var answer = await SendAsync(sessionId, remote, "retrieve", HttpMethod.Post, "retrieve", body, ct);
        var json = await ReadJsonAsync(answer, "retrieve", sessionId, remote);
        var data = new List<JsonObject>();
        if (json["data"] is JsonArray rows)
        {
            data.AddRange(rows.OfType<JsonObject>().Select(r => (JsonObject)r.DeepClone()));
        }
        else if (json["data"] is not null)
        {
            throw BadAnswer("retrieve", $"answered data that is not a list ({Snippet(json["data"]!.ToJsonString())})", sessionId, remote);
        }
        var url = Str(json, "url") is { Length: > 0 } u ? u : remote.Url;
        remote.Url = url;
        remote.Screenshot = Str(json, "screenshot") is { Length: > 0 } s ? s : null;
        return new UpstreamRetrieve(Str(json, "status") ?? "DONE", Str(json, "message") ?? "", url, data);
    }

    // ---------------------------------------------------------------- the wire

    private Remote Of(string sessionId) =>
        _sessions.TryGetValue(sessionId, out var r) ? r
            : throw new EngineSessionGoneException($"upstream '{Name}' has no session mapped to {sessionId} (OpsDashboard restarted since it was opened)");

    /// <summary>One call through the pipeline; a non-success answer is turned into the engine's exceptions here.</summary>
    private async Task<HttpResponseMessage> SendAsync(string? sessionId, Remote? remote, string operation, HttpMethod method, string path, JsonObject? body,
        CancellationToken ct, bool stream = false)
    {
        var client = clients.CreateClient(ClientName(Name));
        using var request = new HttpRequestMessage(method, new Uri(options.BaseUrl, path));
        request.Headers.Add("X_MULTION_API_KEY", options.ApiKey);
        if (stream)
        {
            request.Headers.Accept.ParseAdd("text/event-stream");
        }
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        var call = new UpstreamCall { Operation = operation, SessionId = sessionId, UpstreamSessionId = remote?.UpstreamId, CallerToken = ct };
        request.Options.Set(UpstreamCall.Key, call);
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (BrokenCircuitException ex)
        {
            var state = health.Of(Name);
            var retryAfter = ex.RetryAfter ?? (state?.OpenUntil is { } until ? until - clock.GetUtcNow() : options.CircuitBreak);
            if (retryAfter < TimeSpan.FromSeconds(1))
            {
                retryAfter = TimeSpan.FromSeconds(1);
            }
            var message = $"Upstream '{Name}' is not taking calls: its circuit breaker opened at {state?.Since:HH:mm:ss} UTC after repeated failures " +
                $"(last: {state?.LastFailure ?? "unknown"}). OpsDashboard lets one call through again in {Math.Ceiling(retryAfter.TotalSeconds):0} s; the {operation} was not sent.";
            await log.WriteAsync(new UpstreamAttemptRecord
            {
                SessionId = sessionId, Upstream = Name, Operation = operation, Request = $"{method} {request.RequestUri!.AbsolutePath}",
                UpstreamSessionId = remote?.UpstreamId, Attempt = call.Attempts, Outcome = "circuit_open", Error = message,
                RetryAfterSeconds = (int)Math.Ceiling(retryAfter.TotalSeconds), StartedAt = clock.GetUtcNow(),
            });
            throw new EngineCallException(503, "Service Unavailable", message, retryAfter);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new EngineCallException(504, "Gateway Timeout",
                $"Upstream '{Name}' did not answer the {operation} within {ex.Timeout.TotalSeconds:0} s ({Tries(call)}).{NotRetried(method, operation)}");
        }
        catch (HttpRequestException ex)
        {
            throw new EngineCallException(502, "Bad Gateway",
                $"Upstream '{Name}' ({options.BaseUrl}) could not be reached for the {operation}: {ex.Message} ({Tries(call)}).");
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            throw await FailureAsync(response, operation, sessionId, remote, call);
        }
    }

    private static string Tries(UpstreamCall call) => call.Attempts == 1 ? "1 attempt" : $"{call.Attempts} attempts";

    private static string NotRetried(HttpMethod method, string operation) => method == HttpMethod.Post
        ? $" It was not sent again: the upstream may have started the {operation}, and running it twice could repeat its actions."
        : "";

    /// <summary>What a non-success answer becomes for the caller.</summary>
    private async Task<Exception> FailureAsync(HttpResponseMessage response, string operation, string? sessionId, Remote? remote, UpstreamCall call)
    {
        var code = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
        var isJson = UpstreamAttemptLog.IsJson(text);
        var said = isJson ? MessageOf(text) : $"a {response.Content.Headers.ContentType?.MediaType ?? "body"} page: {Snippet(PlainText(text))}";
        var retryAfter = UpstreamResilience.RetryAfter(response);
        var who = $"Upstream '{Name}'";
        switch (code)
        {
            case 402:
                var billing = $"Billing error from upstream '{Name}' (402 Payment Required): {said}";
                health.Billing(Name, billing);
                logger.LogWarning("{Message}", billing);
                return new EngineCallException(402, "Payment Required", billing, null, isJson ? text : null);
            case 400 or 422 when isJson:
                return new EngineCallException(code, code == 400 ? "Bad Request" : "Unprocessable Entity", $"{who} refused the {operation} ({code}): {said}", null, text);
            case 401 or 403:
                return new EngineCallException(502, "Bad Gateway",
                    $"{who} refused OpsDashboard's key ({code}: {said}). Check Ops:Upstreams:{Name}:ApiKey; the caller's own key is never forwarded.");
            case 404 when remote is not null:
                return new EngineSessionGoneException($"upstream '{Name}' no longer has its session {remote.UpstreamId} ({said})");
            case 408 or 504:
                return new EngineCallException(504, "Gateway Timeout", $"{who} timed out on the {operation} ({code}: {said}; {Tries(call)}).");
            case 429:
                return new EngineCallException(429, "Too Many Requests", $"{who} is rate limiting OpsDashboard (429: {said}; {Tries(call)}).", retryAfter ?? TimeSpan.FromSeconds(5));
            case 503:
                return new EngineCallException(503, "Service Unavailable", $"{who} is unavailable (503: {said}; {Tries(call)}).", retryAfter ?? TimeSpan.FromSeconds(10));
            default:
                return new EngineCallException(502, "Bad Gateway", $"{who} failed the {operation} with {code} {response.ReasonPhrase} ({said}; {Tries(call)}).{NotRetried(response.RequestMessage?.Method ?? HttpMethod.Post, operation)}");
        }
    }

    private async Task<JsonObject> ReadJsonAsync(HttpResponseMessage answer, string operation, string? sessionId, Remote? remote)
    {
        var text = await answer.Content.ReadAsStringAsync(CancellationToken.None);
        try
        {
            return JsonNode.Parse(text) as JsonObject
                ?? throw BadAnswer(operation, $"answered {(int)answer.StatusCode} with JSON that is not an object ({Snippet(text)})", sessionId, remote);
        }
        catch (JsonException)
        {
            var type = answer.Content.Headers.ContentType?.MediaType ?? "no content type";
            var what = type.Contains("json", StringComparison.OrdinalIgnoreCase)
                ? $"answered {(int)answer.StatusCode} with truncated or malformed JSON ({Snippet(text)})"
                : $"answered {(int)answer.StatusCode} with {type} instead of JSON ({Snippet(PlainText(text))})";
            throw BadAnswer(operation, what, sessionId, remote);
        }
    }

    private EngineCallException BadAnswer(string operation, string what, string? sessionId, Remote? remote)
    {
        var message = $"Upstream '{Name}' {what} to the {operation}.";
        health.Call(Name, message);
        return new EngineCallException(502, "Bad Gateway", message);
    }

    /// <summary>Relays a streamed step: each event to <paramref name="progress"/> as it comes, the final event as the result.</summary>
    private async Task<EngineStepResult> ReadStreamAsync(string sessionId, Remote remote, HttpResponseMessage answer, Action<string, string> progress, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var startedAt = clock.GetUtcNow();
        var events = 0;
        string? failure = null;
        var outcome = "ok";
        try
        {
            await using var body = await answer.Content.ReadAsStreamAsync(ct);
            using var reader = new StreamReader(body, Encoding.UTF8);
            while (true)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
                var remaining = options.Timeout - Stopwatch.GetElapsedTime(started);
                idle.CancelAfter(remaining < options.AttemptTimeout ? (remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1)) : options.AttemptTimeout);
                string? line;
                try
                {
                    line = await reader.ReadLineAsync(idle.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    outcome = "timed_out";
                    failure = $"Upstream '{Name}' went silent mid-stream after {events} event(s): nothing for {options.AttemptTimeout.TotalSeconds:0} s (504).";
                    throw new EngineCallException(504, "Gateway Timeout", failure);
                }
                if (line is null)
                {
                    outcome = "stream_failed";
                    failure = $"Upstream '{Name}' ended the stream after {events} event(s) without a final event (502).";
                    throw new EngineCallException(502, "Bad Gateway", failure);
                }
                if (!line.StartsWith("data:", StringComparison.Ordinal))
                {
                    continue;
                }
                var data = line[5..].Trim();
                if (data == "[DONE]")
                {
                    outcome = "stream_failed";
                    failure = $"Upstream '{Name}' sent [DONE] after {events} event(s) without a final event (502).";
                    throw new EngineCallException(502, "Bad Gateway", failure);
                }
                JsonObject? json;
                try
                {
                    json = JsonNode.Parse(data) as JsonObject;
                }
                catch (JsonException)
                {
                    json = null;
                }
                if (json is null)
                {
                    outcome = "bad_answer";
                    failure = $"Upstream '{Name}' sent an event that is not a JSON object after {events} event(s): {Snippet(data)} (502).";
                    throw new EngineCallException(502, "Bad Gateway", failure);
                }
                events++;
                var delta = json["data"]?["delta"] as JsonObject;
                var content = delta is null ? "" : Str(delta, "content") ?? "";
                var url = delta is null ? null : Str(delta, "url");
                if (!string.IsNullOrEmpty(url))
                {
                    remote.Url = url;
                }
                if (Str(json, "type") == "final_event")
                {
                    remote.Screenshot = Str(json, "screenshot") is { Length: > 0 } s ? s : null;
                    var status = delta is null ? null : Str(delta, "status");
                    if (string.IsNullOrEmpty(status))
                    {
                        outcome = "bad_answer";
                        failure = $"Upstream '{Name}' sent a final event without a status: {Snippet(data)} (502).";
                        throw new EngineCallException(502, "Bad Gateway", failure);
                    }
                    return new EngineStepResult(status, content, remote.Url);
                }
                progress(content, remote.Url);
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            outcome = "stream_failed";
            failure = $"Upstream '{Name}' dropped the stream after {events} event(s): {ex.Message} (502).";
            throw new EngineCallException(502, "Bad Gateway", failure);
        }
        finally
        {
            if (failure is not null)
            {
                health.Call(Name, failure);
            }
            await log.WriteAsync(new UpstreamAttemptRecord
            {
                SessionId = sessionId, Upstream = Name, Operation = "step (stream)", Request = $"read the event stream of session {remote.UpstreamId}",
                UpstreamSessionId = remote.UpstreamId, Attempt = 0, StatusCode = (int)answer.StatusCode, Outcome = outcome,
                Error = failure ?? $"{events} event(s) relayed", StartedAt = startedAt, DurationMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            });
        }
    }

    private async Task<byte[]> FetchImageAsync(string sessionId, Remote remote, string shot, CancellationToken ct)
    {
        if (shot.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = shot.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || !shot[..comma].Contains(";base64", StringComparison.OrdinalIgnoreCase))
            {
                throw new EngineStepException($"Upstream '{Name}' answered a screenshot data URI that is not base64.");
            }
            try
            {
                return Convert.FromBase64String(shot[(comma + 1)..]);
            }
            catch (FormatException)
            {
                throw new EngineStepException($"Upstream '{Name}' answered a screenshot data URI whose base64 is damaged.");
            }
        }
        if (!Uri.TryCreate(options.BaseUrl, shot, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new EngineStepException($"Upstream '{Name}' answered a screenshot that is neither a data URI nor an http(s) URL: {Snippet(shot)}");
        }
        var client = clients.CreateClient(ClientName(Name));
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (uri.Host == options.BaseUrl.Host)
        {
            request.Headers.Add("X_MULTION_API_KEY", options.ApiKey);
        }
        request.Options.Set(UpstreamCall.Key, new UpstreamCall { Operation = "screenshot file", SessionId = sessionId, UpstreamSessionId = remote.UpstreamId, CallerToken = ct });
        try
        {
            using var response = await client.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new EngineStepException($"Upstream '{Name}' answered {(int)response.StatusCode} for the screenshot file {uri}.");
            }
            return await response.Content.ReadAsByteArrayAsync(ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or BrokenCircuitException or TimeoutRejectedException)
        {
            throw new EngineStepException($"Upstream '{Name}': the screenshot file {uri} could not be fetched: {ex.Message}");
        }
    }

    private static string? Str(JsonObject o, string name) =>
        o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static string MessageOf(string json)
    {
        try
        {
            var node = JsonNode.Parse(json);
            if (node is JsonObject o)
            {
                if (Str(o, "message") is { Length: > 0 } m)
                {
                    return m;
                }
                if (o["detail"] is { } d)
                {
                    return Snippet(d.ToJsonString());
                }
            }
        }
        catch (JsonException)
        {
        }
        return Snippet(json);
    }

    private static string PlainText(string html)
    {
        var title = System.Text.RegularExpressions.Regex.Match(html, "<title[^>]*>(.*?)</title>", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Singleline);
        if (title.Success)
        {
            return "\"" + WebUtility.HtmlDecode(title.Groups[1].Value.Trim()) + "\"";
        }
        return System.Text.RegularExpressions.Regex.Replace(html, "<[^>]+>", " ").Trim();
    }

    private static string Snippet(string text)
    {
        var flat = System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();
        return flat.Length <= 200 ? flat : flat[..200] + "…";
    }
}
