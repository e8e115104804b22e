using System.Text.Json;
using Microsoft.Playwright;
using OpsDashboard.Core.Agent;
using OpsDashboard.Web.Diagnostics;
using AgentPageItem = OpsDashboard.Core.Agent.ListItem;

namespace OpsDashboard.Web.Engine;

/// <summary>
/// The interpreter's hands on a Playwright page. Elements are addressed by the <c>data-ops-id</c>
/// attribute the observation script puts on them. Actions that may navigate wait for the new page.
/// Every navigation goes through the <see cref="NavigationGate"/> when one is given: <c>go to</c> is
/// checked before the browser is asked, and an action that lands on a page the egress proxy refused
/// is taken back and answered with <see cref="OpsDashboard.Core.Policy.NavigationRefusedException"/>.
/// </summary>
public sealed class PlaywrightPageDriver(IPage page, TimeSpan actionTimeout, NavigationGate? gate = null, ProxyPort? port = null,
    Func<Task>? beforeActing = null) : IPageDriver
{
    /// <summary>Awaited before anything that changes the page (<see cref="LocalBrowserEngine.ActAfter"/>); looking is never held.</summary>
    private Task BeforeActing() => beforeActing?.Invoke() ?? Task.CompletedTask;

    /// <summary>
    /// observe.js, answering its observation as one JSON string: a string crosses the DevTools protocol several times
    /// faster than the same object handed back by value (measured 8–15 ms against 20–40 ms a call on the practice
    /// product page, docs/performance.md).
    /// </summary>
    private static readonly string ObserveScript = "() => JSON.stringify((" + LoadScript().Trim() + ")())";
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };
    private static readonly TimeSpan NavigationGrace = TimeSpan.FromMilliseconds(350);

    /// <summary>A navigation the page started but that never commits (cancelled, a download) stops being waited for.</summary>
    private static readonly TimeSpan MaxCommitWait = TimeSpan.FromSeconds(15);

    private static string LoadScript()
    {
        using var stream = typeof(PlaywrightPageDriver).Assembly.GetManifestResourceStream("OpsDashboard.Web.Engine.observe.js")
            ?? throw new InvalidOperationException("observe.js is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public async Task<PageObservation> ObserveAsync(CancellationToken ct)
    {
        string raw = "";
        // A navigation already under way (a redirect after a form post) finishes before we look.
        using (StepPhases.Time("settle"))
        {
            await WaitForLoadAsync();
        }
        using var observing = StepPhases.Time("observe");
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                raw = await page.EvaluateAsync<string>(ObserveScript);
                break;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
                // The page navigated while the script ran ("Execution context was destroyed"): look again.
                await WaitForLoadAsync();
            }
        }
        var dto = JsonSerializer.Deserialize<ObservationDto>(raw, Json)!;
        var elements = dto.Elements ?? [];
        var items = dto.Items ?? [];
        var alerts = dto.Alerts ?? [];
        _frameOf.Clear();
        var k = 0;
        foreach (var frame in page.Frames.Where(f => f != page.MainFrame).Take(4))
        {
            // An iframe's controls (a newsletter sign-up, an embedded form) are part of what a person sees:
            // observed in their own frame, ids from a range of their own, acted on there.
            k++;
            try
            {
                var frameElement = await frame.FrameElementAsync();
                if (!await frameElement.IsVisibleAsync())
                {
                    continue;
                }
                var title = await frameElement.GetAttributeAsync("title");
                await frame.EvaluateAsync($"() => {{ if (!(window.__opsNext >= {k * 1_000_000})) window.__opsNext = {k * 1_000_000}; }}");
                var inner = JsonSerializer.Deserialize<ObservationDto>(await frame.EvaluateAsync<string>(ObserveScript), Json);
                foreach (var e in inner?.Elements ?? [])
                {
                    _frameOf[e.Id] = frame;
                    elements.Add(e with { Section = e.Section ?? title, Form = e.Form is null ? null : $"frame{k}-{e.Form}" });
                }
                items.AddRange((inner?.Items ?? []).Select(i => i with { ListId = i.ListId + (k * 1_000_000) }));
                alerts.AddRange((inner?.Alerts ?? []).Where(a => !alerts.Contains(a)));
            }
            catch (PlaywrightException)
            {
                // A frame that went away or will not run scripts (cross-origin sandbox) is left out.
            }
        }
        return new PageObservation(
            dto.Url, dto.Title ?? "", dto.Headings ?? [],
            [.. elements.Select(e => new PageElement(e.Id, e.Tag, e.Role, e.Name ?? "", e.Text ?? "", e.Label, e.Placeholder, e.Value, e.Href,
                e.InputType, e.Visible, e.Enabled, e.InViewport, e.Landmark ?? "body", e.Section, e.ItemId, e.ItemText, e.Sponsored, e.Checked, e.Options ?? [], e.Y, e.Required, e.Form, e.Covered, e.Context))],
            [.. items.Select(i => new AgentPageItem(i.Id, i.ListId, i.Index, i.Text ?? "", i.Sponsored, i.Landmark ?? "body"))],
            dto.Dialog, dto.Password, dto.Text ?? "", alerts);
    }

    private ILocator Element(int id) => (_frameOf.TryGetValue(id, out var frame) ? frame.Locator($"[data-ops-id=\"{id}\"]") : page.Locator($"[data-ops-id=\"{id}\"]")).First;

    /// <summary>Which child frame an observed element lives in (none: the main frame), as of the last observation.</summary>
    private readonly Dictionary<int, IFrame> _frameOf = [];

    public async Task GotoAsync(string url, CancellationToken ct)
    {
        await BeforeActing();
        var mark = port?.Mark ?? 0;
        try
        {
            await (gate is null
                ? page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = Ms(actionTimeout) })
                : gate.GotoAsync(page, port, url, page.Url, ct));
        }
        catch (TimeoutException)
        {
            await PageLoad.StopAsync(page);
            throw new TimeoutException(PageLoad.NotLoaded(url, actionTimeout));
        }
        catch (PlaywrightException ex) when (ErrorCode(ex.Message) is { } code)
        {
            throw Failed(url, code, null);
        }
        catch (NavigationUnreachableException ex)
        {
            throw Failed(ex.Url, null, Decap(ex.Reason.TrimEnd('.')));
        }
        ThrowIfFailed(url, mark);
    }

    private static string? ErrorCode(string message)
    {
        var m = System.Text.RegularExpressions.Regex.Match(message, @"net::ERR_[A-Z_]+");
        return m.Success ? m.Value : null;
    }

    private PageFailedException Failed(string url, string? code, string? reason)
    {
        var host = Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.Authority : url;
        var why = reason ?? PageFailedException.Plain(code, host);
        return new PageFailedException($"Opening {url} failed: {why}{(code is null ? "" : $" ({code})")}. The browser is on {page.Url}.", code);
    }

    /// <summary>The page ended on the browser's error page, or on a site the egress proxy could not reach since <paramref name="mark"/>.</summary>
    private void ThrowIfFailed(string url, long mark)
    {
        if (page.Url.StartsWith("chrome-error:", StringComparison.Ordinal))
        {
            throw Failed(url, null, null);
        }
        if (port is not null && NavigationGate.UnreachableSince(port, mark, page.Url) is { } unreachable)
        {
            throw Failed(page.Url, null, Decap(unreachable.Reason.TrimEnd('.')));
        }
    }

    private static string Decap(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];

    public async Task ClickAsync(int elementId, CancellationToken ct)
    {
        // A native confirm()/alert() the click raises is answered as the agent said beforehand (AcceptNativeDialogs),
        // dismissed otherwise, and its text kept for the agent to report; handled only while this click settles.
        void OnDialog(object? sender, IDialog d)
        {
            _nativeDialog = d.Message;
            _ = AcceptNativeDialogs ? d.AcceptAsync() : d.DismissAsync();
        }
        page.Dialog += OnDialog;
        try
        {
            await ActAndSettleAsync(() => Element(elementId).ClickAsync(new LocatorClickOptions { Timeout = Ms(actionTimeout) }));
        }
        finally
        {
            page.Dialog -= OnDialog;
        }
    }

    private string? _nativeDialog;

    public bool AcceptNativeDialogs { get; set; }

    public string? TakeNativeDialog()
    {
        var d = _nativeDialog;
        _nativeDialog = null;
        return d;
    }

    public async Task FillAsync(int elementId, string text, CancellationToken ct)
    {
        await BeforeActing();
        using var timed = StepPhases.Time("action");
        await Element(elementId).FillAsync(text, new LocatorFillOptions { Timeout = Ms(actionTimeout) });
    }

    public Task SelectAsync(int elementId, string optionText, CancellationToken ct) =>
        ActAndSettleAsync(() => Element(elementId).SelectOptionAsync(new SelectOptionValue { Label = optionText }, new LocatorSelectOptionOptions { Timeout = Ms(actionTimeout) }));

    public Task SetCheckedAsync(int elementId, bool on, CancellationToken ct) =>
        ActAndSettleAsync(() => Element(elementId).SetCheckedAsync(on, new LocatorSetCheckedOptions { Timeout = Ms(actionTimeout), Force = true }));

    public Task PressAsync(string key, CancellationToken ct) => ActAndSettleAsync(() => page.Keyboard.PressAsync(key));

    public async Task<bool> FillAndEnterAsync(int elementId, string text, CancellationToken ct)
    {
        var field = Element(elementId);
        var kept = false;
        for (var attempt = 0; attempt < 2 && !kept; attempt++)
        {
            await FillAsync(elementId, text, ct);
            kept = await field.InputValueAsync(new LocatorInputValueOptions { Timeout = Ms(actionTimeout) }) == text;
        }
        if (!kept)
        {
            return false;
        }
        // Pressed on the field itself, so Enter cannot land wherever focus happens to be.
        await ActAndSettleAsync(() => field.PressAsync("Enter", new LocatorPressOptions { Timeout = Ms(actionTimeout) }));
        return true;
    }

    public async Task ScrollAsync(ScrollDirection direction, CancellationToken ct)
    {
        var script = direction switch
        {
            ScrollDirection.Down => "window.scrollBy(0, Math.round(window.innerHeight * 0.8))",
            ScrollDirection.Up => "window.scrollBy(0, -Math.round(window.innerHeight * 0.8))",
            ScrollDirection.Top => "window.scrollTo(0, 0)",
            _ => PageContent.ScrollToBottom,
        };
        await BeforeActing();
        using var timed = StepPhases.Time("action");
        await page.EvaluateAsync(script);
        await page.WaitForTimeoutAsync(200);
    }

    /// <summary>Bounded: at most 40 rounds or about 15 s; two rounds in a row without growth end it.</summary>
    public async Task<int> ScrollUntilLoadedAsync(CancellationToken ct)
    {
        await BeforeActing();
        return await PageContent.UntilItStopsGrowingAsync(page, TimeSpan.FromSeconds(15), maxRounds: 40, pause: TimeSpan.FromMilliseconds(600), quietRounds: 2, ct);
    }

    public async Task<bool> SettleIfFreshAsync(CancellationToken ct)
    {
        using var timed = StepPhases.Time("settle");
        return await PageContent.SettleIfFreshAsync(page, ct);
    }

    public async Task<bool> WaitForTextAsync(string text, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await page.GetByText(text).First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = Ms(timeout) });
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Before an action: make the page note when it starts leaving (the Navigation API's
    /// <c>navigate</c> event for a cross-document navigation, or <c>beforeunload</c>/<c>pagehide</c>),
    /// and count the short timers (≤ 1 s) it schedules while the action is watched: a timer still
    /// pending after the action is a reason to wait for a navigation a script starts late.
    /// </summary>
    private const string ArmScript = """
        () => {
          if (!window.__opsNavArmed) {
            window.__opsNavArmed = true;
            const leaving = () => { window.__opsLeaving = true; };
            if (window.navigation) navigation.addEventListener('navigate', e => { if (!e.destination.sameDocument) leaving(); });
            addEventListener('beforeunload', leaving);
            addEventListener('pagehide', leaving);
            const st = window.setTimeout;
            window.__opsSetTimeout = st;
            window.setTimeout = function (fn, ms, ...rest) {
              if (window.__opsWatch && !(ms > 1000)) {
                window.__opsTimers++;
                if (typeof fn === 'function') {
                  const f = fn;
                  fn = function () { window.__opsTimers--; return f.apply(this, arguments); };
                }
              }
              return st.call(this, fn, ms, ...rest);
            };
          }
          window.__opsLeaving = false;
          window.__opsTimers = 0;
          window.__opsWatch = true;
          return true;
        }
        """;

    /// <summary>
    /// After an action: let the tasks the action queued run (a form submission is planned in a task of
    /// its own; a zero-delay timer set after the action is queued behind it, and the page's tasks run in the
    /// order they were queued), then ask whether the page started leaving (2), still has a short timer
    /// pending (1), or is quiet (0). (It waited 30 ms before: the same answers, 30 ms later.)
    /// </summary>
    private const string LeavingScript = """
        () => new Promise(r => (window.__opsSetTimeout || setTimeout).call(window, () => {
          window.__opsWatch = false;
          r(window.__opsLeaving === true ? 2 : window.__opsTimers > 0 ? 1 : 0);
        }, 0))
        """;

    /// <summary>
    /// Runs an action that may navigate (a click, Enter in a form) and waits for its consequence.
    /// The page itself says whether the action started a navigation, so a loaded machine that is
    /// slow to report the navigation's request does not make us act on the page being left; when it
    /// did, wait until the new page has committed and loaded. Otherwise a navigation the page starts
    /// a little later (a script's redirect) is still caught within a short grace period — paid only
    /// when the page gives a reason to wait: a short timer it scheduled is still pending, or it sent a
    /// request after the action. A page that did nothing of the kind is answered at once.
    /// </summary>
    public async Task ActAndSettleAsync(Func<Task> action)
    {
        await BeforeActing();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requested = false;
        void OnRequest(object? sender, IRequest r)
        {
            if (r.IsNavigationRequest && r.Frame == page.MainFrame)
            {
                started.TrySetResult();
            }
            else
            {
                Volatile.Write(ref requested, true);
            }
        }
        void OnNavigated(object? sender, IFrame f)
        {
            if (f == page.MainFrame)
            {
                started.TrySetResult();
                committed.TrySetResult();
            }
        }
        page.Request += OnRequest;
        page.FrameNavigated += OnNavigated;
        var urlBefore = page.Url;
        var mark = port?.Mark ?? 0;
        try
        {
            using (StepPhases.Time("action"))
            {
                await TryEvaluateAsync<bool>(ArmScript);
                await action();
            }
            await SettleAsync();
        }
        finally
        {
            page.Request -= OnRequest;
            page.FrameNavigated -= OnNavigated;
        }
        if (gate is not null && port is not null && await gate.RestoreIfRefusedAsync(page, port, mark, urlBefore) is { } refused)
        {
            throw new OpsDashboard.Core.Policy.NavigationRefusedException(refused.Target, refused.Reason);
        }
        if (page.Url != urlBefore)
        {
            ThrowIfFailed(page.Url, mark);
        }

        async Task SettleAsync()
        {
            int state;
            using (StepPhases.Time("navigation"))
            {
                // Context destroyed while asking (null) = the page already went away: a navigation.
                state = committed.Task.IsCompleted ? 2 : await TryEvaluateAsync<int>(LeavingScript) ?? 2;
            }
            if (state != 2)
            {
                if (state == 0 && !Volatile.Read(ref requested) && !started.Task.IsCompleted)
                {
                    return; // no navigation, no pending timer, no request: nothing to wait for
                }
                using (StepPhases.Time("grace"))
                {
                    await Task.WhenAny(started.Task, Task.Delay(NavigationGrace));
                }
                if (!started.Task.IsCompleted)
                {
                    return;
                }
            }
            using var timed = StepPhases.Time("navigation");
            await Task.WhenAny(committed.Task, Task.Delay(actionTimeout < MaxCommitWait ? actionTimeout : MaxCommitWait));
            await PageLoad.WaitForDocumentAsync(page, actionTimeout); // a document that never finishes is an error, not a page to act on
            await WaitForLoadAsync();
        }
    }

    /// <summary>Null when the page is between documents (its context was destroyed while the script ran).</summary>
    private async Task<T?> TryEvaluateAsync<T>(string script) where T : struct
    {
        try
        {
            return await page.EvaluateAsync<T>(script);
        }
        catch (PlaywrightException) when (!page.IsClosed)
        {
            return null;
        }
    }

    private async Task WaitForLoadAsync()
    {
        try
        {
            await page.WaitForLoadStateAsync(LoadState.Load, new PageWaitForLoadStateOptions { Timeout = Ms(actionTimeout) });
        }
        catch (TimeoutException)
        {
            // A page that keeps loading is still usable; the next action finds what it needs.
        }
    }

    private static float Ms(TimeSpan t) => (float)t.TotalMilliseconds;

    private sealed record ObservationDto(string Url, string? Title, List<string>? Headings, List<ElementDto>? Elements, List<ItemDto>? Items,
        string? Dialog, bool Password, string? Text, List<string>? Alerts = null);

    private sealed record ElementDto(int Id, string Tag, string Role, string? Name, string? Text, string? Label, string? Placeholder, string? Value,
        string? Href, string? InputType, bool Visible, bool Enabled, bool InViewport, string? Landmark, string? Section, int? ItemId, string? ItemText,
        bool Sponsored, bool? Checked, List<string>? Options, double Y, bool Required, string? Form, bool Covered = false, string? Context = null);

    private sealed record ItemDto(int Id, int ListId, int Index, string? Text, bool Sponsored, string? Landmark);
}
