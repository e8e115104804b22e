using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OpsDashboard.Web.Tests.Infrastructure;

/// <summary>
/// A hosted MultiOn-compatible service on a loopback port, speaking the wire format under
/// <c>/v1/web</c>: create, step (plain and streamed), close, screenshot, sessions, browse, retrieve.
/// By default every call answers 200 like the hosted service; a test scripts the next answers of an
/// operation (<see cref="Script"/>) — 402 with a body, 404 "session not found", 429 with Retry-After,
/// 500, 503, an HTML error page, truncated JSON, a 200 without session_id, a hang, a dropped stream —
/// and reads back how many calls each operation and each cmd received.
/// </summary>
public sealed class FakeUpstream : IAsyncDisposable
{
    public const string Key = "upstream_secret_key_for_tests";

    /// <summary>The operations, as the fake counts them.</summary>
    public const string Create = "create", Step = "step", Close = "close", Screenshot = "screenshot", Sessions = "sessions", Browse = "browse", Retrieve = "retrieve";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Answer>> _scripts = new();
    private readonly ConcurrentDictionary<string, int> _calls = new();
    private readonly ConcurrentDictionary<string, int> _cmds = new();
    private readonly ConcurrentDictionary<string, string> _sessions = new();
    private readonly ConcurrentQueue<string?> _keys = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeUpstream(WebApplication app) => _app = app;

    /// <summary>The base URL to configure as <c>Ops:Upstreams:{name}:BaseUrl</c> (ends in <c>/v1/web</c>).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>A 1×1 PNG, what the fake's screenshots show.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    /// <summary>What an operation answers next (once per scripted answer, then the default 200 again).</summary>
    public abstract record Answer;

    /// <summary>A status with a JSON body (and optionally Retry-After).</summary>
    public sealed record Status(int Code, string Body, int? RetryAfterSeconds = null, string ContentType = "application/json") : Answer;

    /// <summary>An HTML error page, as a load balancer answers.</summary>
    public sealed record Html(int Code) : Answer;

    /// <summary>200 with a JSON body cut in the middle.</summary>
    public sealed record TruncatedJson : Answer;

    /// <summary>200 with a well-formed body that has no session_id.</summary>
    public sealed record NoSessionId : Answer;

    /// <summary>Never answers (until the test ends).</summary>
    public sealed record Hang : Answer;

    /// <summary>A streamed step that sends one event, then drops the connection.</summary>
    public sealed record DropStream : Answer;

    /// <summary>A streamed step that sends one event, then goes silent.</summary>
    public sealed record HangStream : Answer;

    /// <summary>The connection is aborted before any response.</summary>
    public sealed record ResetConnection : Answer;

    public static Answer Billing => new Status(402, """{"statusCode":402,"error":"Payment Required","message":"Your MultiOn credits are exhausted: add credits at app.multion.ai/billing."}""");
    public static Answer SessionNotFound => new Status(404, """{"statusCode":404,"error":"Not Found","message":"Session not found"}""");
    public static Answer RateLimited(int seconds = 1) => new Status(429, """{"statusCode":429,"error":"Too Many Requests","message":"Rate limit exceeded"}""", seconds);
    public static Answer ServerError => new Status(500, """{"statusCode":500,"error":"Internal Server Error","message":"upstream exploded"}""");
    public static Answer Unavailable(int? retryAfter = null) => new Status(503, """{"statusCode":503,"error":"Service Unavailable","message":"upstream overloaded"}""", retryAfter);

    public static async Task<FakeUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeUpstream(app);
        var api = app.MapGroup("/v1/web");
        api.MapPost("/session", (HttpContext h) => fake.HandleAsync(h, Create, null));
        api.MapPost("/session/{id}", (HttpContext h, string id) => fake.HandleAsync(h, Step, id));
        api.MapDelete("/session/{id}", (HttpContext h, string id) => fake.HandleAsync(h, Close, id));
        api.MapGet("/screenshot/{id}", (HttpContext h, string id) => fake.HandleAsync(h, Screenshot, id));
        api.MapGet("/sessions", (HttpContext h) => fake.HandleAsync(h, Sessions, null));
        api.MapPost("/browse", (HttpContext h) => fake.HandleAsync(h, Browse, null));
        api.MapPost("/retrieve", (HttpContext h) => fake.HandleAsync(h, Retrieve, null));
        await app.StartAsync();
        fake.BaseUrl = app.Urls.First().TrimEnd('/') + "/v1/web";
        return fake;
    }

    /// <summary>The next answers of <paramref name="operation"/>, in order.</summary>
    public void Script(string operation, params Answer[] answers)
    {
        var queue = _scripts.GetOrAdd(operation, _ => new ConcurrentQueue<Answer>());
        foreach (var a in answers)
        {
            queue.Enqueue(a);
        }
    }

    /// <summary>Drops scripted answers not yet used, and forgets sessions (as if the service restarted).</summary>
    public void Reset(bool forgetSessions = false)
    {
        _scripts.Clear();
        if (forgetSessions)
        {
            _sessions.Clear();
        }
    }

    /// <summary>Forgets one upstream session, as the hosted service does after its 10 minutes of inactivity.</summary>
    public void Forget(string upstreamSessionId) => _sessions.TryRemove(upstreamSessionId, out _);

    public int Calls(string operation) => _calls.GetValueOrDefault(operation);

    /// <summary>How many times a step/browse/retrieve with this exact cmd reached the fake.</summary>
    public int CmdCalls(string cmd) => _cmds.GetValueOrDefault(cmd);

    public IReadOnlyCollection<string> LiveUpstreamSessions => _sessions.Keys.ToList();

    /// <summary>Every X_MULTION_API_KEY header received.</summary>
    public IReadOnlyList<string?> KeysSeen => _keys.ToList();

    private async Task HandleAsync(HttpContext http, string op, string? id)
    {
        _calls.AddOrUpdate(op, 1, (_, n) => n + 1);
        _keys.Enqueue(http.Request.Headers["X_MULTION_API_KEY"].FirstOrDefault());
        JsonObject body = [];
        if (http.Request.ContentLength is > 0 || http.Request.Method == "POST")
        {
            try
            {
                body = JsonNode.Parse(await new StreamReader(http.Request.Body).ReadToEndAsync()) as JsonObject ?? [];
            }
            catch (JsonException)
            {
                body = [];
            }
        }
        if (body["cmd"]?.GetValue<string>() is { } cmd)
        {
            _cmds.AddOrUpdate(cmd, 1, (_, n) => n + 1);
        }
        if (http.Request.Headers["X_MULTION_API_KEY"] != Key)
        {
            await WriteAsync(http, 401, """{"statusCode":401,"error":"Unauthorized","message":"Invalid API key"}""");
            return;
        }
        var scripted = _scripts.TryGetValue(op, out var q) && q.TryDequeue(out var a) ? a : null;
        var stream = body["stream"]?.GetValueKind() == JsonValueKind.True;
        switch (scripted)
        {
            case Status s:
                if (s.RetryAfterSeconds is { } ra)
                {
                    http.Response.Headers.RetryAfter = ra.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                await WriteAsync(http, s.Code, s.Body, s.ContentType);
                return;
            case Html h:
                await WriteAsync(http, h.Code, "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>", "text/html");
                return;
            case TruncatedJson:
                await WriteAsync(http, 200, """{"status":"DONE","message":"Opened the pa""");
                return;
            case NoSessionId:
                await WriteAsync(http, 200, """{"status":"DONE","message":"ok","url":"https://example.com/"}""");
                return;
            case Hang:
                await Task.WhenAny(_released.Task, Task.Delay(Timeout.Infinite, http.RequestAborted)).ConfigureAwait(false);
                return;
            case ResetConnection:
                http.Features.Get<IHttpRequestLifetimeFeature>()?.Abort();
                return;
        }

        if (id is not null && op != Close && !_sessions.ContainsKey(id))
        {
            await WriteAsync(http, 404, """{"statusCode":404,"error":"Not Found","message":"Session not found"}""");
            return;
        }
        switch (op)
        {
            case Create:
            {
                var sid = "up_" + Guid.NewGuid().ToString("N")[..16];
                var url = body["url"]?.GetValue<string>() ?? "https://www.google.com/";
                _sessions[sid] = url;
                await WriteJsonAsync(http, new { status = "CONTINUE", message = $"Session created on {url}.", session_id = sid, url, screenshot = "" });
                return;
            }
            case Step when stream || scripted is DropStream or HangStream:
                await StreamAsync(http, id!, body, scripted);
                return;
            case Step:
            {
                var url = body["url"]?.GetValue<string>() ?? _sessions[id!];
                _sessions[id!] = url;
                await WriteJsonAsync(http, new
                {
                    status = "DONE",
                    message = $"Upstream did: {body["cmd"]?.GetValue<string>()}",
                    session_id = id,
                    url,
                    screenshot = body["include_screenshot"]?.GetValueKind() == JsonValueKind.True ? DataUri : "",
                    metadata = new { temperature = 0.2 },
                });
                return;
            }
            case Close:
                if (!_sessions.TryRemove(id!, out _))
                {
                    await WriteAsync(http, 404, """{"statusCode":404,"error":"Not Found","message":"Session not found"}""");
                    return;
                }
                await WriteJsonAsync(http, new { status = "closed", session_id = id });
                return;
            case Screenshot:
                await WriteJsonAsync(http, new { screenshot = DataUri });
                return;
            case Sessions:
                await WriteJsonAsync(http, new { session_ids = _sessions.Keys.ToArray() });
                return;
            case Browse:
            {
                var sid = body["session_id"]?.GetValue<string>() ?? "up_" + Guid.NewGuid().ToString("N")[..16];
                var url = body["url"]?.GetValue<string>() ?? _sessions.GetValueOrDefault(sid) ?? "https://www.google.com/";
                _sessions[sid] = url;
                await WriteJsonAsync(http, new { message = $"Upstream browsed: {body["cmd"]?.GetValue<string>()}", status = "DONE", url, screenshot = "", session_id = sid, metadata = new { step_count = 1, processing_time = 0.1, temperature = 0.2 } });
                return;
            }
            case Retrieve:
            {
                var sid = body["session_id"]?.GetValue<string>();
                var url = body["url"]?.GetValue<string>() ?? (sid is null ? "https://www.google.com/" : _sessions.GetValueOrDefault(sid)) ?? "";
                if (sid is null)
                {
                    sid = "up_" + Guid.NewGuid().ToString("N")[..16];
                    _sessions[sid] = url;
                }
                await WriteJsonAsync(http, new
                {
                    message = "Found 2 items.",
                    url,
                    screenshot = "",
                    session_id = sid,
                    status = "DONE",
                    data = new object[] { new { title = "First link", url = url + "#one" }, new { title = "Second link", url = url + "#two" } },
                });
                return;
            }
        }
    }

    private static string DataUri => "data:image/png;base64," + Convert.ToBase64String(Png);

    private async Task StreamAsync(HttpContext http, string id, JsonObject body, Answer? scripted)
    {
        var cmd = body["cmd"]?.GetValue<string>() ?? "";
        var url = body["url"]?.GetValue<string>() ?? _sessions[id];
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        async Task SendAsync(object payload)
        {
            await http.Response.WriteAsync("data: " + JsonSerializer.Serialize(payload) + "\n\n", Encoding.UTF8);
            await http.Response.Body.FlushAsync();
        }
        await SendAsync(new { type = "event", session_id = id, data = new { delta = new { content = $"Upstream is working on: {cmd}", url } } });
        if (scripted is DropStream)
        {
            await Task.Delay(100);
            http.Abort();
            return;
        }
        if (scripted is HangStream)
        {
            await Task.WhenAny(_released.Task, Task.Delay(Timeout.Infinite, http.RequestAborted)).ConfigureAwait(false);
            return;
        }
        await SendAsync(new { type = "event", session_id = id, data = new { delta = new { content = "Upstream clicked a link.", url } } });
        await SendAsync(new { type = "final_event", session_id = id, screenshot = "", data = new { delta = new { content = $"Upstream did: {cmd}", url, status = "DONE" } } });
        await http.Response.WriteAsync("data: [DONE]\n\n");
        await http.Response.Body.FlushAsync();
    }

    private static Task WriteJsonAsync(HttpContext http, object payload) => WriteAsync(http, 200, JsonSerializer.Serialize(payload));

    private static async Task WriteAsync(HttpContext http, int code, string body, string contentType = "application/json")
    {
        http.Response.StatusCode = code;
        http.Response.ContentType = contentType;
        await http.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        _released.TrySetResult();
        await _app.StopAsync(TimeSpan.FromSeconds(2));
        await _app.DisposeAsync();
    }
}
