namespace OpsDashboard.Core.Agent;

/// <summary>
/// One element of the page as a person would recognise it: role and accessible name, label,
/// placeholder, visible text, where it is (landmark, viewport) and which repeated item (row,
/// card, list item) it belongs to. <see cref="Id"/> addresses it for acting. <see cref="Form"/> is
/// the id of the form a field or button belongs to ("f3"), so a submit fills and checks its own form.
/// <see cref="Covered"/>: on screen, but the page's hit test at its centre lands on a dialog or overlay it is not part
/// of (a cookie banner over it): a click would not reach it.
/// </summary>
public sealed record PageElement(
    int Id,
    string Tag,
    string Role,
    string Name,
    string Text,
    string? Label,
    string? Placeholder,
    string? Value,
    string? Href,
    string? InputType,
    bool Visible,
    bool Enabled,
    bool InViewport,
    string Landmark,
    string? Section,
    int? ItemId,
    string? ItemText,
    bool Sponsored,
    bool? Checked,
    IReadOnlyList<string> Options,
    double Y,
    bool Required = false,
    string? Form = null,
    bool Covered = false,
    string? Context = null)
{
    /// <summary>
    /// Whether the element belongs to the row, card, section or line that <paramref name="scope"/> names
    /// ("Priya Natarajan", "#302", "aiko.tanaka@atlas.example"): its repeated item's text, its section, the
    /// text of the line it sits in when it is in no repeated item, or its own accessible name ("Message Victor Hugo Silva").
    /// </summary>
    public bool In(string scope) =>
        TextMatch.ContainsAll(ItemText, scope) || TextMatch.ContainsAll(Section, scope) || TextMatch.ContainsAll(Context, scope)
        || (Role is "button" or "link" or "menuitem" && TextMatch.ContainsAll(Name, scope) && TextMatch.Tokens(Name).Count > TextMatch.Tokens(scope).Count);
}

/// <summary>A repeated structure's item (card, row, list item) in document order.</summary>
public sealed record ListItem(int Id, int ListId, int Index, string Text, bool Sponsored, string Landmark);

/// <summary>
/// What the page shows after an action. <see cref="Alerts"/>: what the page says back — the text of its alerts, live
/// regions, message elements and invalid fields ("Please fill in: Your name.", "Added to bag"), which
/// <see cref="PageComplaint"/> reads after each clause.
/// </summary>
public sealed record PageObservation(
    string Url,
    string Title,
    IReadOnlyList<string> Headings,
    IReadOnlyList<PageElement> Elements,
    IReadOnlyList<ListItem> Items,
    string? DialogLabel,
    bool HasPasswordField,
    string VisibleText,
    IReadOnlyList<string>? Alerts = null);

/// <summary>
/// The agent's hands and eyes on one page. Implemented over Playwright by the engine; every call
/// acts on the live page and may throw when the page went away.
/// </summary>
public interface IPageDriver
{
    Task<PageObservation> ObserveAsync(CancellationToken ct);
    Task GotoAsync(string url, CancellationToken ct);
    Task ClickAsync(int elementId, CancellationToken ct);
    Task FillAsync(int elementId, string text, CancellationToken ct);
    Task SelectAsync(int elementId, string optionText, CancellationToken ct);
    Task SetCheckedAsync(int elementId, bool on, CancellationToken ct);
    Task PressAsync(string key, CancellationToken ct);

    /// <summary>
    /// Fills a field and presses Enter in it (a search box, the last field of a form). The value is
    /// read back first: a page script that resets the field while the page settles gets it filled
    /// again once. Returns false when the field still does not hold the text, and then nothing is pressed.
    /// </summary>
    Task<bool> FillAndEnterAsync(int elementId, string text, CancellationToken ct);
    Task ScrollAsync(ScrollDirection direction, CancellationToken ct);

    /// <summary>Scrolls until the page stops growing (bounded); returns how many times it grew.</summary>
    Task<int> ScrollUntilLoadedAsync(CancellationToken ct);
    Task<bool> WaitForTextAsync(string text, TimeSpan timeout, CancellationToken ct);

    /// <summary>
    /// If the page was opened in the last few seconds, waits (bounded) until its network is idle and
    /// its DOM quiet, for content it renders after load, and returns true; an older page returns false at once.
    /// </summary>
    Task<bool> SettleIfFreshAsync(CancellationToken ct);

    /// <summary>Whether a native <c>confirm()</c> a click raises is accepted (true) or dismissed (false, the default).</summary>
    bool AcceptNativeDialogs { get => false; set { } }

    /// <summary>The text of the native dialog the last click raised (then forgotten), or null when none did.</summary>
    string? TakeNativeDialog() => null;
}

/// <summary>Credentials for a site, matched by URL prefix (host optional: "/practice/shop/" matches any host).</summary>
public sealed record SiteLogin(string UrlPrefix, string Username, string Password);

/// <summary>
/// A navigation ended on the browser's error page or an unreachable site (<c>net::ERR_…</c>,
/// <c>chrome-error://</c>, the egress proxy's "could not be reached"): a browser failure, answered with
/// the reason in plain words and recorded as an error step, never as something done.
/// </summary>
public sealed class PageFailedException(string message, string? code) : Exception(message)
{
    /// <summary>The browser's error code ("net::ERR_NAME_NOT_RESOLVED"), when it gave one.</summary>
    public string? Code { get; } = code;

    /// <summary>"net::ERR_CONNECTION_REFUSED at http://…" → a sentence a user understands.</summary>
    public static string Plain(string? code, string host) => code switch
    {
        null => $"{host} could not be loaded",
        _ when code.Contains("NAME_NOT_RESOLVED", StringComparison.Ordinal) || code.Contains("NAME_RESOLUTION", StringComparison.Ordinal) => $"the address {host} does not exist (its name could not be looked up)",
        _ when code.Contains("CONNECTION_REFUSED", StringComparison.Ordinal) => $"{host} refused the connection (nothing is listening there)",
        _ when code.Contains("TIMED_OUT", StringComparison.Ordinal) => $"{host} did not answer in time",
        _ when code.Contains("CONNECTION_RESET", StringComparison.Ordinal) || code.Contains("CONNECTION_CLOSED", StringComparison.Ordinal) || code.Contains("EMPTY_RESPONSE", StringComparison.Ordinal) => $"{host} closed the connection without sending a page",
        _ when code.Contains("CERT", StringComparison.Ordinal) || code.Contains("SSL", StringComparison.Ordinal) => $"{host}'s security certificate is not valid",
        _ when code.Contains("TOO_MANY_REDIRECTS", StringComparison.Ordinal) => $"{host} redirects in a loop",
        _ when code.Contains("TUNNEL", StringComparison.Ordinal) || code.Contains("PROXY", StringComparison.Ordinal) || code.Contains("UNREACHABLE", StringComparison.Ordinal) || code.Contains("INTERNET_DISCONNECTED", StringComparison.Ordinal) => $"{host} could not be reached",
        _ when code.Contains("ABORTED", StringComparison.Ordinal) => $"loading {host} was cancelled",
        _ => $"the browser could not load {host}",
    };
}
