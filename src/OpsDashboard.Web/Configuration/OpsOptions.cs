namespace OpsDashboard.Web.Configuration;

/// <summary>Settings under the <c>Ops</c> section (env: <c>Ops__IdleTimeout</c> …).</summary>
public sealed class OpsOptions
{
    public const string Section = "Ops";

    /// <summary>Data directory (database, screenshots). <c>OPSDASH_DATA</c> overrides it.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>Lease length after the last step.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Hard cap on a session's lifetime, renewed steps or not.</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// How many sessions (browser contexts) this node holds at once; beyond: 503. 0 (the default): from the memory
    /// available at start (<see cref="NodeCapacityDefault"/>); the value in use and how it was set are
    /// <see cref="NodeCapacity"/> and <see cref="NodeCapacitySource"/> once the options are built.
    /// </summary>
    public int NodeCapacity { get; set; }

    /// <summary>What one session costs in memory (PSS, MiB), for the default capacity: measured by <c>bench/SessionBench --density</c>.</summary>
    public int SessionMemoryMiB { get; set; } = 66;

    /// <summary>How <see cref="NodeCapacity"/> was set: "configured", or the memory figures it was computed from.</summary>
    public string NodeCapacitySource { get; set; } = "configured";

    /// <summary>Ready contexts kept warm so create does not pay for context start-up.</summary>
    public int WarmPoolSize { get; set; } = 2;

    /// <summary>Path of the Chromium binary; empty = auto-detect.</summary>
    public string? ChromiumPath { get; set; }

    /// <summary>More Chromium switches, space-separated, added after the gateway's own (docs/performance.md measures some).</summary>
    public string? ChromiumArgs { get; set; }

    /// <summary>Page opened by a create or browse with neither url nor session_id; empty = the practice site.</summary>
    public string? StartPage { get; set; }

    /// <summary>How long an operator may hold manual control of a session without sending input before it is released.</summary>
    public TimeSpan ControlIdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Most frames a second a watched session's live view sends (1–60): a page that repaints all the time costs no more than this.</summary>
    public int LiveViewMaxFps { get; set; } = 15;

    /// <summary>Every step stores a small JPEG of the page after it (failed steps above all); false: only when a client asks.</summary>
    public bool StepThumbnails { get; set; } = true;

    /// <summary>Width in pixels of a step's thumbnail (the height follows the viewport).</summary>
    public int ThumbnailWidth { get; set; } = 480;

    /// <summary>JPEG quality (1–100) of a step's thumbnail.</summary>
    public int ThumbnailQuality { get; set; } = 60;

    public int DefaultWidth { get; set; } = 1280;

    public int DefaultHeight { get; set; } = 800;

    /// <summary>Per-tenant defaults; zero = unlimited.</summary>
    public int MaxConcurrentSessionsPerTenant { get; set; } = 20;

    public int MaxStepsPerPeriod { get; set; } = 5000;

    public TimeSpan QuotaPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The tenant quotas these settings make (<see cref="MaxConcurrentSessionsPerTenant"/>, <see cref="MaxStepsPerPeriod"/>, <see cref="QuotaPeriod"/>).</summary>
    public OpsDashboard.Core.Sessions.TenantQuota Quota() => new(MaxConcurrentSessionsPerTenant, MaxStepsPerPeriod, QuotaPeriod);

    /// <summary>Requests per API key per second before 429.</summary>
    public int RateLimitPerSecond { get; set; } = 50;

    /// <summary>Requests with a missing or unknown API key per client address per minute before 429.</summary>
    public int AuthFailuresPerMinute { get; set; } = 30;

    /// <summary>How long a signed screenshot link stays valid.</summary>
    public TimeSpan ScreenshotLinkLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Bound on one browser action (navigation, click).</summary>
    public TimeSpan ActionTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a database write waits for the write lock (another process, or this gateway's own writers under a burst) before the request answers 503.</summary>
    public TimeSpan DatabaseBusyTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Private, link-local, CGNAT and unique-local addresses may be opened (the URL policy refuses them by default).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Every loopback port may be opened; by default only this app's own ports (the practice site). For tests and local tools.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Hosts always allowed, as <c>host</c> (any port) or <c>host:port</c>, e.g. <c>127.0.0.1:8081</c> or <c>intranet.example</c>.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Largest saved browser profile (its storage state, unencrypted) in bytes; a bigger one is refused with 413.</summary>
    public long MaxProfileBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>A profile no session started from or saved to for this long is deleted (swept periodically); zero = keep forever.</summary>
    public TimeSpan ProfileTimeToLive { get; set; } = TimeSpan.FromDays(30);

    /// <summary>At start, reopen the sessions that were live when the gateway stopped (from the state saved after their last step).</summary>
    public bool RestoreSessionsOnStart { get; set; } = true;

    /// <summary>The agent a step uses when the request names none: "interpreter" (default) or "llm".</summary>
    public string DefaultAgent { get; set; } = "interpreter";

    /// <summary>The optional LLM planner's OpenAI-compatible endpoint; unset = no LLM planner.</summary>
    public LlmOptions Llm { get; set; } = new();

    /// <summary>
    /// Credentials the agent may use to sign in, by URL prefix ("/practice/shop/" matches that path
    /// on any host). The built-in practice site's demo accounts are there by default.
    /// </summary>
    public List<LoginOption> Logins { get; set; } =
    [
        new() { UrlPrefix = "/practice/shop/", Username = "demo@example.com", Password = "demo1234" },
        new() { UrlPrefix = "/practice/social/", Username = "demo", Password = "demo1234" },
    ];
}

/// <summary>An OpenAI-compatible chat endpoint for the LLM planner.</summary>
public sealed class LlmOptions
{
    /// <summary>Base URL, e.g. http://127.0.0.1:11434/v1 or https://api.openai.com/v1.</summary>
    public string? Endpoint { get; set; }
    public string Model { get; set; } = "gpt-4o-mini";
    public string? ApiKey { get; set; }
}

/// <summary>One site's sign-in for the agent.</summary>
public sealed class LoginOption
{
    public string UrlPrefix { get; set; } = "";
    public string Username { get; set; } = "";
    public string Password { get; set; } = "";

    public OpsDashboard.Core.Agent.SiteLogin ToSiteLogin() => new(UrlPrefix, Username, Password);
}
