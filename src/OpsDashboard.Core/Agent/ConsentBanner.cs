namespace OpsDashboard.Core.Agent;

/// <summary>
/// Where a cookie-consent banner gets out of the way. The agent does not answer a site's consent question unasked:
/// the banner is dismissed (its "reject non-essential" choice first, else "accept") only when it is in the way of
/// what the agent is about to act on — the target is covered by it (<see cref="PageElement.Covered"/>, the page's own
/// hit test), or the target is off screen and scrolling to it may put it under the banner. A target inside a
/// dialog (the banner itself, a modal) is acted on as it is. At most once a step; the dismissal is recorded.
/// Every action of the <see cref="Interpreter"/> goes through here, so it also knows <see cref="Seen"/>: the page as
/// last observed, when nothing was done to it since.
/// </summary>
internal sealed class ConsentBanner(IPageDriver page, Action<string> record) : IPageDriver
{
    private PageObservation? _last;
    private bool _dismissed;
    private bool _acted;

    /// <summary>The last observation, or null when an action came after it (the page may have changed since).</summary>
    public PageObservation? Seen => _acted ? null : _last;

    public static bool IsConsent(string? dialogLabel) =>
        dialogLabel is not null && TextMatch.Normalize(dialogLabel).Contains("cookie", StringComparison.Ordinal);

    public async Task<PageObservation> ObserveAsync(CancellationToken ct)
    {
        var seen = await page.ObserveAsync(ct);
        _acted = false;
        return _last = seen;
    }

    private IPageDriver Acting()
    {
        _acted = true;
        return page;
    }

    /// <summary>Dismisses the banner first when it stands between the agent and element <paramref name="id"/>.</summary>
    private async Task ClearForAsync(int id, CancellationToken ct)
    {
        if (_dismissed || _last is not { } obs || !IsConsent(obs.DialogLabel))
        {
            return;
        }
        var target = obs.Elements.FirstOrDefault(e => e.Id == id);
        if (target is null || target.Landmark == "dialog" || (target.InViewport && !target.Covered))
        {
            return;
        }
        var dismiss = obs.Elements.Where(e => e.Landmark == "dialog" && e.Role == "button" && e.Visible && e.Enabled)
            .Select(e => (e, s: TextMatch.Score("reject non essential", e.Name) + 0.5 * TextMatch.Score("accept", e.Name)))
            .Where(x => x.s > 0)
            .OrderByDescending(x => x.s).ThenBy(x => x.e.Id)
            .Select(x => x.e).FirstOrDefault();
        if (dismiss is null)
        {
            return;
        }
        _dismissed = true;
        await page.ClickAsync(dismiss.Id, ct);
        record($"dismissed the cookie banner ('{dismiss.Name}'), which was in the way");
        _last = await page.ObserveAsync(ct);
    }

    public async Task ClickAsync(int elementId, CancellationToken ct)
    {
        await ClearForAsync(elementId, ct);
        await Acting().ClickAsync(elementId, ct);
    }

    public async Task FillAsync(int elementId, string text, CancellationToken ct)
    {
        await ClearForAsync(elementId, ct);
        await Acting().FillAsync(elementId, text, ct);
    }

    public async Task SelectAsync(int elementId, string optionText, CancellationToken ct)
    {
        await ClearForAsync(elementId, ct);
        await Acting().SelectAsync(elementId, optionText, ct);
    }

    public async Task SetCheckedAsync(int elementId, bool on, CancellationToken ct)
    {
        await ClearForAsync(elementId, ct);
        await Acting().SetCheckedAsync(elementId, on, ct);
    }

    public async Task<bool> FillAndEnterAsync(int elementId, string text, CancellationToken ct)
    {
        await ClearForAsync(elementId, ct);
        return await Acting().FillAndEnterAsync(elementId, text, ct);
    }

    public Task GotoAsync(string url, CancellationToken ct) => Acting().GotoAsync(url, ct);

    public Task PressAsync(string key, CancellationToken ct) => Acting().PressAsync(key, ct);

    public Task ScrollAsync(ScrollDirection direction, CancellationToken ct) => Acting().ScrollAsync(direction, ct);

    public Task<int> ScrollUntilLoadedAsync(CancellationToken ct) => Acting().ScrollUntilLoadedAsync(ct);

    public Task<bool> WaitForTextAsync(string text, TimeSpan timeout, CancellationToken ct) => Acting().WaitForTextAsync(text, timeout, ct);

    public Task<bool> SettleIfFreshAsync(CancellationToken ct) => Acting().SettleIfFreshAsync(ct);

    // The members with a default in IPageDriver must be passed on too: left to the defaults, a native confirm() would be
    // dismissed unasked and never reported, and a click it undid would look done.
    public bool AcceptNativeDialogs
    {
        get => page.AcceptNativeDialogs;
        set => page.AcceptNativeDialogs = value;
    }

    public string? TakeNativeDialog() => page.TakeNativeDialog();
}
