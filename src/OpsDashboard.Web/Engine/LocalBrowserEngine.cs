using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using OpsDashboard.Core.Api;
using OpsDashboard.Core.Agent;
using OpsDashboard.Core.Engine;
using OpsDashboard.Core.Policy;
using OpsDashboard.Web.Configuration;
using OpsDashboard.Web.Diagnostics;

namespace OpsDashboard.Web.Engine;

/// <summary>
/// Runs sessions in the system Chromium through Playwright: one browser per node, one
/// BrowserContext per session, a warm pool of ready contexts. When the browser dies, every
/// session it held is reported lost and the browser is relaunched for new sessions. Every context
/// reaches the network only through its own <see cref="EgressProxy"/> port, and every navigation
/// is checked by the <see cref="NavigationGate"/>.
/// </summary>
/// <remarks>
/// Every Playwright failure is translated here into the engine exceptions of <c>OpsDashboard.Core.Engine</c>
/// (<see cref="EngineStepException"/>, <see cref="EngineFaultException"/>, <see cref="EngineUnavailableException"/>):
/// nothing outside this engine catches or recognises Playwright's own types. The LLM planner's chat
/// client comes from DI (<see cref="LlmRegistration"/>); null when none is configured.
/// </remarks>
public sealed partial class LocalBrowserEngine(IOptions<OpsOptions> options, ILogger<LocalBrowserEngine> logger,
    EgressProxy proxy, NavigationGate gate, System.Diagnostics.Metrics.IMeterFactory meters, IChatClient? chat = null)
    : ISessionEngine, IHostedService, IAsyncDisposable
{
    private static readonly string[] LaunchArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        // WebRTC's UDP would not go through the egress proxy: only proxied connections (none, in practice).
        "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
    ];

    /// <summary><c>Ops:ChromiumArgs</c>: more Chromium switches, space-separated, after the gateway's own (to measure what a flag buys).</summary>
    internal static string[] ExtraArgs(string? configured) =>
        string.IsNullOrWhiteSpace(configured) ? [] : configured.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private readonly OpsOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, SessionPage> _sessions = new();
    private WarmPool<SessionPage>? _warmPool;
    private ContextCloser? _closer;
    private int _running;
    private readonly SemaphoreSlim _launchLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _marker = "--ops-browser-id=" + Guid.NewGuid().ToString("N");
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private int _generation;
    private volatile string? _unavailable = "The browser engine is starting.";

    public event Action<SessionLost>? SessionLost;

    public string? UnavailableReason => _unavailable;

    /// <summary>The Chromium main process id, when it can be found.</summary>
    public int? BrowserProcessId => BrowserProcess.FindByMarker(_marker);

    public int ActiveContexts => _sessions.Count;

    public int WarmContexts => Pool.Count;

    /// <summary>The warm pool (see <see cref="WarmPool{T}"/>): ready contexts, sized by measured demand, refilled after answers.</summary>
    private WarmPool<SessionPage> Pool => LazyInitializer.EnsureInitialized(ref _warmPool, () =>
    {
        var pool = new WarmPool<SessionPage>(
            () => NewContextAsync(_options.DefaultWidth, _options.DefaultHeight),
            warm => warm.Generation == Volatile.Read(ref _generation) && !warm.Page.IsClosed,
            warm => Closer.Close(warm.Context, warm.Proxy),
            () => _options.WarmPoolSize,
            () => _options.NodeCapacity - _sessions.Count,
            () => Volatile.Read(ref _running) > 0,
            logger);
        var meter = meters.Create(new System.Diagnostics.Metrics.MeterOptions(OpsMetrics.MeterName));
        meter.CreateObservableGauge("opsdash.warm_pool.ready", () => pool.Count, "{context}", "Ready contexts in the warm pool.");
        meter.CreateObservableGauge("opsdash.warm_pool.target", () => pool.Target, "{context}", "Contexts the warm pool fills up to (Ops:WarmPoolSize, or the recent peak of concurrent creates).");
        meter.CreateObservableCounter("opsdash.warm_pool.made", () => pool.Made, "{context}", "Contexts the warm pool made.");
        meter.CreateObservableCounter("opsdash.warm_pool.making_time", () => pool.MakingMs / 1000, "s", "Time the warm pool spent making contexts (its own cost).");
        meter.CreateObservableCounter("opsdash.warm_pool.hits", () => pool.Hits, "{create}", "Creates served a ready context.");
        meter.CreateObservableCounter("opsdash.warm_pool.misses", () => pool.Misses, "{create}", "Creates that found the pool empty and made their own context.");
        return pool;
    });

    /// <summary>Closes contexts in the background, off the request path (see <see cref="ContextCloser"/>).</summary>
    private ContextCloser Closer => LazyInitializer.EnsureInitialized(ref _closer, () => new ContextCloser(() => Pool.Busy || Volatile.Read(ref _running) > 0, logger));

    public int Relaunches { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await LaunchAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    private async Task LaunchAsync(CancellationToken ct)
    {
        await _launchLock.WaitAsync(ct);
        try
        {
            if (_browser is { IsConnected: true } || _stopping.IsCancellationRequested)
            {
                return;
            }
            var path = ChromiumLocator.Find(_options.ChromiumPath, out var problem);
            if (path is null)
            {
                _unavailable = problem;
                logger.LogError("Browser engine unavailable: {Problem}", problem);
                return;
            }
            try
            {
                _playwright ??= await Playwright.CreateAsync();
                var browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = path,
                    Headless = true,
                    Args = [.. LaunchArgs, .. ExtraArgs(_options.ChromiumArgs), _marker],
                    Timeout = 60_000,
                });
                var generation = Interlocked.Increment(ref _generation);
                browser.Disconnected += (_, _) => OnDisconnected(generation);
                _browser = browser;
                _unavailable = null;
                logger.LogInformation("Chromium {Version} launched from {Path}{Extra}", browser.Version, path,
                    string.IsNullOrWhiteSpace(_options.ChromiumArgs) ? "" : " with Ops:ChromiumArgs " + _options.ChromiumArgs);
            }
            catch (Exception ex) when (ex is PlaywrightException or IOException or System.ComponentModel.Win32Exception)
            {
                _unavailable = $"Chromium at '{path}' could not be started: {FirstLine(ex.Message)}. {ChromiumLocator.InstallHint}";
                logger.LogError(ex, "Chromium launch failed");
                return;
            }
        }
        finally
        {
            _launchLock.Release();
        }
        RefillWarmPool();
    }

    private void OnDisconnected(int generation)
    {
        if (_stopping.IsCancellationRequested || generation != Volatile.Read(ref _generation))
        {
            return;
        }
        _unavailable = "The browser is restarting after it exited unexpectedly; retry in a few seconds.";
        logger.LogError("Chromium disconnected: {Count} sessions lost, relaunching", _sessions.Count);
        foreach (var warm in Pool.Drain())
        {
            warm.Proxy.Dispose();
        }
        foreach (var (id, page) in _sessions.ToArray())
        {
            if (page.Generation == generation && _sessions.TryRemove(id, out _))
            {
                page.Proxy.Dispose();
                SessionLost?.Invoke(new SessionLost(id, "The browser process exited unexpectedly (crashed or was killed); the session's pages are gone."));
            }
        }
        _browser = null;
        Relaunches++;
        _ = Task.Run(async () =>
        {
            for (var attempt = 0; attempt < 10 && !_stopping.IsCancellationRequested; attempt++)
            {
                await LaunchAsync(_stopping.Token);
                if (_browser is { IsConnected: true })
                {
                    return;
                }
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, 1 << attempt)), _stopping.Token);
            }
        });
    }

    private void RefillWarmPool() => Pool.Start();

    private async Task<SessionPage?> NewContextAsync(int width, int height, string? storageState = null)
    {
        var browser = _browser;
        if (browser is not { IsConnected: true })
        {
            return null;
        }
        var generation = Volatile.Read(ref _generation);
        var port = proxy.Open();
        IBrowserContext context;
        try
        {
            context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                ViewportSize = new ViewportSize { Width = width, Height = height },
                Locale = "en-US",
                TimezoneId = "UTC",
                // Every request of this context, loopback included, goes through its own egress proxy port.
                Proxy = new Proxy { Server = port.Server },
                // A saved profile or restart record: cookies, localStorage and IndexedDB per origin.
                StorageState = storageState,
            });
        }
        catch
        {
            port.Dispose();
            throw;
        }
        context.SetDefaultTimeout((float)_options.ActionTimeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)_options.ActionTimeout.TotalMilliseconds);
        var page = await context.NewPageAsync();
        return new SessionPage(context, page, generation, port) { Width = width, Height = height };
    }

    public async Task<string> OpenAsync(string sessionId, EngineOpenOptions open, CancellationToken ct)
    {
        if (_browser is not { IsConnected: true })
        {
            throw new EngineUnavailableException(_unavailable ?? "The browser is not running.");
        }
        var width = open.Width ?? _options.DefaultWidth;
        var height = open.Height ?? _options.DefaultHeight;
        // A context from a storage state cannot come from the warm pool: its state is set at creation.
        var phase = StepPhases.Time("context");
        var session = open.StorageState is null ? Pool.TryTake() : null;
        var opening = open.StorageState is null ? new OpeningMark(Pool) : null;
        try
        {
            session ??= await NewContextAsync(width, height, open.StorageState)
                ?? throw new EngineUnavailableException(_unavailable ?? "The browser is not running.");
        }
        catch (PlaywrightException ex)
        {
            opening?.Done();
            throw new EngineUnavailableException($"The browser could not open a new context: {FirstLine(ex.Message)}");
        }
        catch
        {
            opening?.Done();
            throw;
        }
        finally
        {
            phase.Dispose();
        }
        // The pool refills once this create has its answer: its last engine call (the state saved after it), or a second at most.
        session.Opening = opening;
        opening?.DoneWithin(TimeSpan.FromSeconds(1));
        if (session.Width != width || session.Height != height)
        {
            await session.Page.SetViewportSizeAsync(width, height);
            session.Width = width;
            session.Height = height;
        }
        session.Proxy.SessionId = sessionId;
        _sessions[sessionId] = session;
        // The context stays registered when the first page fails to load: the caller records the error and keeps the session.
        try
        {
            using var navigating = StepPhases.Time("goto");
            await GotoAsync(session, open.Url, ct);
        }
        finally
        {
            session.Remember();
        }
        return session.Page.Url;
    }

    private SessionPage Get(string sessionId) =>
        _sessions.TryGetValue(sessionId, out var s)
            ? s
            : throw new EngineStepException("This session's browser is no longer open (it was closed or the browser restarted).");

    public bool ActAfter(string sessionId, Task reading)
    {
        if (!_sessions.TryGetValue(sessionId, out var s))
        {
            return false;
        }
        s.Reading = reading;
        return true;
    }

    public async Task<string> NavigateAsync(string sessionId, string url, CancellationToken ct)
    {
        var s = Get(sessionId);
        try
        {
            await s.Reading;
            await GotoAsync(s, url, ct);
        }
        finally
        {
            s.Remember();
        }
        return s.Page.Url;
    }

    public async Task ResizeAsync(string sessionId, int width, int height, CancellationToken ct)
    {
        var s = Get(sessionId);
        try
        {
            await s.Reading;
            await s.Page.SetViewportSizeAsync(width, height);
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
        {
            throw Fault(ex);
        }
        s.Width = width;
        s.Height = height;
    }

    /// <summary>A Playwright failure the step did not foresee (the page or context went away, a protocol error): the step ends NOT SURE, the session lives on.</summary>
    private static EngineFaultException Fault(Exception ex)
    {
        var detail = ex.Message.Split('\n')[0];
        return new EngineFaultException($"The browser failed during this step: {detail}", detail, ex);
    }

    private async Task GotoAsync(SessionPage session, string url, CancellationToken ct)
    {
        var before = session.Page.Url;
        try
        {
            await gate.GotoAsync(session.Page, session.Proxy, url, NavigationGate.IsWebDocument(before) && before != "about:blank" ? before : null, ct);
        }
        catch (NavigationRefusedException ex)
        {
            throw new EngineStepException(RefusedMessage(ex, session.Page.Url), ex);
        }
        catch (NavigationUnreachableException ex)
        {
            throw new EngineStepException($"Opening {url} failed: {ex.Reason} Nothing from the site is on the page; send a step such as \"go to {url}\" once it answers.", ex);
        }
        catch (TimeoutException ex)
        {
            await PageLoad.StopAsync(session.Page);
            throw new EngineStepException(PageLoad.NotLoaded(url, _options.ActionTimeout), ex);
        }
        catch (PlaywrightException ex)
        {
            throw new EngineStepException($"Opening {url} failed: {FirstLine(ex.Message)}", ex);
        }
    }

    public async Task<EngineStepResult> RunAsync(string sessionId, string cmd, bool useLlm, Action<string, string> progress, CancellationToken ct)
    {
        var s = Get(sessionId);
        s.Opening?.Done();
        Interlocked.Increment(ref _running);
        try
        {
            return await RunCountedAsync(s, cmd, useLlm, progress, ct);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    /// <summary>The phases the page driver notes while the agent runs; the rest of the agent's time is its grounding.</summary>
    private static readonly string[] DriverPhases = ["settle", "observe", "action", "navigation", "grace", "events"];

    private static double DriverMs(StepPhases? phases) => phases is null ? 0 : DriverPhases.Sum(phases.Ms);

    private async Task<EngineStepResult> RunCountedAsync(SessionPage s, string cmd, bool useLlm, Action<string, string> progress, CancellationToken ct)
    {
        var driver = new PlaywrightPageDriver(s.Page, _options.ActionTimeout, gate, s.Proxy, beforeActing: () => s.Reading);
        // The page may have left on its own since the last step (a timer's redirect): that is refused and undone first.
        EgressRefusal? earlier;
        using (StepPhases.Time("gate"))
        {
            try
            {
                if (s.Page.Url != s.LastGoodUrl)
                {
                    await s.Reading; // undoing it changes the page
                }
                earlier = await gate.RestoreIfRefusedAsync(s.Page, s.Proxy, s.Mark, s.LastGoodUrl);
            }
            catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
            {
                throw Fault(ex);
            }
        }
        var note = earlier is null ? "" : $"Refused to open {earlier.Target}, where the page went on its own before this step: {earlier.Reason} It is back on {s.Page.Url}. ";
        var mark = s.Proxy.Mark;
        var urlBefore = s.Page.Url;
        var agentOptions = new AgentOptions(_options.Logins.Select(l => l.ToSiteLogin()).ToList());
        void Report(string message) => progress(message, s.Page.Url);
        IReadOnlyList<string> done = [];
        IReadOnlyList<string> secrets = [];
        try
        {
            AgentResult result;
            if (useLlm)
            {
                var planner = new LlmPlanner(chat ?? throw new EngineStepException("The LLM planner is not configured (Ops:Llm:Endpoint)."),
                    driver, agentOptions, Report);
                done = planner.Done;
                secrets = planner.Secrets;
                result = await planner.RunAsync(cmd, ct);
            }
            else
            {
                var agent = new Interpreter(driver, agentOptions, Report);
                done = agent.Done;
                secrets = agent.Secrets;
                var phases = StepPhases.Current;
                var (driverBefore, agentStarted) = (DriverMs(phases), System.Diagnostics.Stopwatch.GetTimestamp());
                try
                {
                    result = await agent.RunAsync(cmd, ct);
                }
                finally
                {
                    // What the interpreter did between its calls on the page: parsing, grounding, deciding.
                    phases?.AddMs("grounding", System.Diagnostics.Stopwatch.GetElapsedTime(agentStarted).TotalMilliseconds - (DriverMs(phases) - driverBefore));
                }
            }
            // A navigation the page started on its own at the end of the step (a script's redirect) is checked too.
            EgressRefusal? late;
            using (StepPhases.Time("gate"))
            {
                late = await gate.RestoreIfRefusedAsync(s.Page, s.Proxy, mark, urlBefore);
            }
            if (late is not null)
            {
                throw new NavigationRefusedException(late.Target, late.Reason);
            }
            s.Remember();
            return new EngineStepResult(result.Status, note + result.Message, s.Page.Url) { Secrets = secrets };
        }
        catch (NavigationRefusedException ex)
        {
            var before = done.Count > 0 ? Capitalize(string.Join(", ", done)) + "; then: " : "";
            var message = note + before + RefusedMessage(ex, s.Page.Url);
            s.Remember();
            return new EngineStepResult(StepStatus.NotSure, message, s.Page.Url, ex.Message) { Secrets = secrets };
        }
        catch (PageFailedException ex)
        {
            // A browser failure, not a doubt: the reason in plain words, recorded as the step's error, at the URL the browser is really on.
            var before = done.Count > 0 ? Capitalize(string.Join(", ", done)) + "; then: " : "";
            s.Remember();
            return new EngineStepResult(StepStatus.NotSure, note + before + ex.Message, s.Page.Url, ex.Code ?? ex.Message) { Secrets = secrets };
        }
        catch (TimeoutException ex)
        {
            var before = done.Count > 0 ? string.Join(", ", done) + "; then " : "";
            return new EngineStepResult(StepStatus.NotSure, $"{Capitalize(before)}an action did not complete within {_options.ActionTimeout.TotalSeconds:0} s: {FirstLine(ex.Message)}", s.Page.Url, FirstLine(ex.Message)) { Secrets = secrets };
        }
        catch (PlaywrightException ex)
        {
            throw Fault(ex);
        }
    }

    public async Task<byte[]> ScreenshotAsync(string sessionId, CancellationToken ct)
    {
        var s = Get(sessionId);
        using var timed = StepPhases.Time("screenshot");
        try
        {
            return await s.Page.ScreenshotAsync(new PageScreenshotOptions { Type = ScreenshotType.Png, Timeout = 15_000 });
        }
        catch (PlaywrightException ex)
        {
            throw new EngineStepException($"The screenshot could not be taken: {FirstLine(ex.Message)}", ex);
        }
    }

    private const string MarkHiddenScript = """
        (fullPage) => {
          const vh = window.innerHeight, vw = window.innerWidth;
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT);
          let el = walker.currentNode, marked = 0;
          while (el) {
            let skip = false;
            if (el !== document.body) {
              const visible = el.checkVisibility ? el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) : true;
              let outside = false;
              if (visible && !fullPage) {
                const r = el.getBoundingClientRect();
                outside = (r.width > 0 || r.height > 0) && (r.bottom <= 0 || r.top >= vh || r.right <= 0 || r.left >= vw);
              }
              if (!visible || outside) { el.setAttribute('data-ops-hidden', ''); marked++; skip = true; }
            }
            if (skip) {
              let next = null, n = el;
              while (n && !(next = n.nextElementSibling)) { n = n.parentElement; if (n === document.body) { n = null; } }
              el = next; if (el) walker.currentNode = el;
            } else {
              el = walker.nextNode();
            }
          }
          return marked;
        }
        """;

    public async Task<PageSnapshot> CaptureAsync(string sessionId, bool renderJs, bool scrollToBottom, bool fullPage, CancellationToken ct)
    {
        var s = Get(sessionId);
        var page = s.Page;
        if (!NavigationGate.IsWebDocument(page.Url) || page.Url.StartsWith("chrome-error:", StringComparison.Ordinal))
        {
            throw new EngineStepException($"The page could not be read: the session is not on a web page ({page.Url}).");
        }
        try
        {
            if (scrollToBottom)
            {
                // Bounded to about 5 s as the contract says.
                await PageContent.UntilItStopsGrowingAsync(page, TimeSpan.FromSeconds(5), maxRounds: 30, pause: TimeSpan.FromMilliseconds(500), quietRounds: 1, ct);
            }
            if (!renderJs && !scrollToBottom && page.Url.StartsWith("http", StringComparison.Ordinal))
            {
                // The server's HTML for this URL, with this session's cookies, scripts not run. The fetch goes
                // through the context's egress proxy like the page's own requests: a redirect to a forbidden
                // address is refused there (the fetch fails), and the page as displayed is read instead.
                try
                {
                    var response = await s.Context.APIRequest.GetAsync(page.Url, new APIRequestContextOptions { Timeout = (float)_options.ActionTimeout.TotalMilliseconds });
                    if (response.Ok)
                    {
                        var html = await response.TextAsync();
                        return new PageSnapshot(page.Url, await page.TitleAsync(), html, false);
                    }
                }
                catch (PlaywrightException ex)
                {
                    logger.LogInformation("Server HTML of {Url} could not be fetched ({Reason}); reading the page as displayed", page.Url, FirstLine(ex.Message));
                }
            }
            await PageContent.SettleIfFreshAsync(page, ct);
            await page.EvaluateAsync<int>(MarkHiddenScript, fullPage);
            var content = await page.ContentAsync();
            await page.EvaluateAsync("() => document.querySelectorAll('[data-ops-hidden]').forEach(e => e.removeAttribute('data-ops-hidden'))");
            if (NavigationGate.IsProxyErrorPage(content))
            {
                throw new EngineStepException($"The page could not be read: {page.Url} did not load (the site could not be reached or was refused), so the session shows an error page, not the site.");
            }
            return new PageSnapshot(page.Url, await page.TitleAsync(), content, true);
        }
        catch (PlaywrightException ex)
        {
            throw new EngineStepException($"The page could not be read: {FirstLine(ex.Message)}", ex);
        }
    }

    public async Task<string> ExportStateAsync(string sessionId, CancellationToken ct)
    {
        var s = Get(sessionId);
        try
        {
            return await s.Context.StorageStateAsync(new BrowserContextStorageStateOptions { IndexedDB = true });
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
        {
            throw new EngineStepException($"The browser state could not be read: {FirstLine(ex.Message)}", ex);
        }
        finally
        {
            s.Opening?.Done(); // the state saved after a create is its last call before the answer
        }
    }

    /// <summary>
    /// Playwright puts its selector engine into a page the first time a locator is used there: on a freshly opened
    /// page that costs the first click 60–150 ms (measured on the practice product page, docs/performance.md). Done here,
    /// after the answer, the next step's first click does not pay it. Bounded; a page that is busy or gone is skipped.
    /// </summary>
    public async Task ReadyForNextStepAsync(string sessionId, CancellationToken ct)
    {
        if (!_sessions.TryGetValue(sessionId, out var s) || s.Page.IsClosed)
        {
            return;
        }
        try
        {
            await s.Page.Locator("html").CountAsync().WaitAsync(TimeSpan.FromSeconds(5), ct);
        }
        catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
        {
            // Mid-navigation or closing: the next step's click installs it as it always did.
        }
    }

    /// <summary>Forgets the session at once; its context is closed in the background, off the request path.</summary>
    public Task CloseAsync(string sessionId)
    {
        if (_sessions.TryRemove(sessionId, out var s))
        {
            s.Opening?.Done();
            Closer.Close(s.Context, s.Proxy);
            Pool.Wake();
        }
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }
        await _stopping.CancelAsync();
        _warmPool?.Dispose();
        _closer?.Dispose();
        try
        {
            if (_browser is not null)
            {
                await _browser.CloseAsync();
            }
        }
        catch (PlaywrightException)
        {
        }
        foreach (var page in _sessions.Values.Concat(_warmPool?.Drain() ?? []))
        {
            page.Proxy.Dispose();
        }
        _playwright?.Dispose();
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string Decapitalize(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];

    /// <summary>What the caller reads when a navigation was refused: what, why, and where the page is now.</summary>
    private static string RefusedMessage(NavigationRefusedException ex, string nowOn) =>
        $"Refused to open {ex.Url}: {ex.Reason} Nothing was loaded from there; the page is still {(nowOn == "about:blank" ? "blank" : nowOn)}.";

    private sealed class SessionPage(IBrowserContext context, IPage page, int generation, ProxyPort proxy)
    {
        public ProxyPort Proxy { get; } = proxy;

        /// <summary>The proxy's refusal mark and the page's URL when the last call for this session ended.</summary>
        public long Mark { get; private set; }

        public string? LastGoodUrl { get; private set; }

        public void Remember()
        {
            Mark = Proxy.Mark;
            if (NavigationGate.IsWebDocument(Page.Url) && !NavigationGate.IsRefusedPage(Proxy, Page.Url))
            {
                LastGoodUrl = Page.Url;
            }
        }
        public IBrowserContext Context { get; } = context;
        public IPage Page { get; } = page;
        /// <summary>The DevTools session thumbnails are taken through, opened on the first one.</summary>
        public ICDPSession? Cdp { get; set; }
        public int Generation { get; } = generation;
        /// <summary>Set while the create that took this context is not answered yet (the warm pool waits for it).</summary>
        public OpeningMark? Opening { get; set; }
        public int Width { get; set; }
        public int Height { get; set; }

        /// <summary>The last answer's page still being read (<see cref="ActAfter"/>): every change to the page waits for it.</summary>
        public Task Reading { get; set; } = Task.CompletedTask;
    }
}
