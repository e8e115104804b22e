using System.Collections.Concurrent;
using OpsDashboard.Core.Engine;
using OpsDashboard.Web.Engine;

namespace OpsDashboard.Web.Upstream;

/// <summary>
/// The <see cref="ISessionEngine"/> the session service talks to: picks the engine of a new session
/// (<c>Ops:TenantEngines:{tenant}</c>, else <c>Ops:DefaultEngine</c>, else <c>local</c>) and sends every
/// later call of that session to the same engine — the local Chromium or one of the configured upstreams.
/// </summary>
public sealed class EngineRouter : ISessionEngine
{
    private readonly LocalBrowserEngine _local;
    private readonly IReadOnlyDictionary<string, UpstreamEngine> _upstreams;
    private readonly string _default;
    private readonly IReadOnlyDictionary<string, string> _tenants;
    private readonly ConcurrentDictionary<string, ISessionEngine> _bySession = new();

    public EngineRouter(LocalBrowserEngine local, IEnumerable<UpstreamEngine> upstreams, IConfiguration configuration)
    {
        _local = local;
        _upstreams = upstreams.ToDictionary(u => u.Options.EngineName, StringComparer.Ordinal);
        _default = Check(configuration["Ops:DefaultEngine"] is { Length: > 0 } d ? d.Trim() : EngineNames.Local, "Ops:DefaultEngine");
        _tenants = configuration.GetSection("Ops:TenantEngines").GetChildren()
            .Where(c => !string.IsNullOrWhiteSpace(c.Value))
            .ToDictionary(c => c.Key, c => Check(c.Value!.Trim(), $"Ops:TenantEngines:{c.Key}"), StringComparer.Ordinal);
    }

    private string Check(string engine, string key) =>
        engine == EngineNames.Local || _upstreams.ContainsKey(engine) ? engine
            : throw new InvalidOperationException(
                $"{key} is '{engine}', which is not an engine: use 'local' or 'upstream:{{name}}' for a configured Ops:Upstreams:{{name}}:BaseUrl " +
                $"(configured: {string.Join(", ", new[] { EngineNames.Local }.Concat(_upstreams.Keys))}).");

    /// <summary>The engine a new session of <paramref name="tenantId"/> runs on.</summary>
    public string EngineFor(string tenantId) => _tenants.TryGetValue(tenantId, out var e) ? e : _default;

    /// <summary>The upstream engine running a session, or null (local, or not open).</summary>
    public UpstreamEngine? UpstreamOf(string sessionId) => _bySession.TryGetValue(sessionId, out var e) ? e as UpstreamEngine : null;

    public IReadOnlyCollection<UpstreamEngine> Upstreams => _upstreams.Values.ToList();

    /// <summary>Why an engine cannot open sessions now (only the local Chromium can be missing).</summary>
    public string? UnavailableReasonFor(string engine) => engine == EngineNames.Local ? _local.UnavailableReason : null;

    public string? UnavailableReason => UnavailableReasonFor(_default);

    public event Action<SessionLost>? SessionLost
    {
        add => _local.SessionLost += value;
        remove => _local.SessionLost -= value;
    }

    private ISessionEngine Of(string sessionId) => _bySession.TryGetValue(sessionId, out var e) ? e : _local;

    public async Task<string> OpenAsync(string sessionId, EngineOpenOptions options, CancellationToken ct)
    {
        var name = options.Engine ?? _default;
        ISessionEngine engine = name == EngineNames.Local ? _local
            : _upstreams.TryGetValue(name, out var u) ? u
            : throw new EngineUnavailableException($"the engine '{name}' is not configured");
        _bySession[sessionId] = engine;
        try
        {
            return await engine.OpenAsync(sessionId, options, ct);
        }
        catch
        {
            if (engine is UpstreamEngine)
            {
                _bySession.TryRemove(sessionId, out _);
            }
            throw;
        }
    }

    public Task<EngineStepResult> RunAsync(string sessionId, string cmd, bool useLlm, Action<string, string> progress, CancellationToken ct) =>
        Of(sessionId).RunAsync(sessionId, cmd, useLlm, progress, ct);

    public Task<string> NavigateAsync(string sessionId, string url, CancellationToken ct) => Of(sessionId).NavigateAsync(sessionId, url, ct);

    public Task ResizeAsync(string sessionId, int width, int height, CancellationToken ct) => Of(sessionId).ResizeAsync(sessionId, width, height, ct);

    public Task<byte[]> ScreenshotAsync(string sessionId, CancellationToken ct) => Of(sessionId).ScreenshotAsync(sessionId, ct);

    public Task<byte[]?> ThumbnailAsync(string sessionId, int width, int quality, CancellationToken ct) =>
        Of(sessionId).ThumbnailAsync(sessionId, width, quality, ct);

    public Task<PageSnapshot> CaptureAsync(string sessionId, bool renderJs, bool scrollToBottom, bool fullPage, CancellationToken ct) =>
        Of(sessionId).CaptureAsync(sessionId, renderJs, scrollToBottom, fullPage, ct);

    public Task<string> ExportStateAsync(string sessionId, CancellationToken ct) => Of(sessionId).ExportStateAsync(sessionId, ct);

    public Task ReadyForNextStepAsync(string sessionId, CancellationToken ct) => Of(sessionId).ReadyForNextStepAsync(sessionId, ct);

    public bool ActAfter(string sessionId, Task reading) => Of(sessionId).ActAfter(sessionId, reading);

    public Task<PageAdvance?> NextPageAsync(string sessionId, CancellationToken ct) => Of(sessionId).NextPageAsync(sessionId, ct);

    public async Task CloseAsync(string sessionId)
    {
        var engine = Of(sessionId);
        _bySession.TryRemove(sessionId, out _);
        await engine.CloseAsync(sessionId);
    }
}
