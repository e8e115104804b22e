namespace OpsDashboard.Core.Engine;

/// <summary>
/// How to open a session's browser. <paramref name="StorageState"/>: a Playwright storage state (JSON:
/// cookies, and localStorage and IndexedDB per origin) the new context starts from, as saved by
/// <see cref="ISessionEngine.ExportStateAsync"/>; null = an empty browser.
/// </summary>
/// <paramref name="Engine"/>: which engine opens it (<c>local</c>, <c>upstream:{name}</c>); null = the default.
public sealed record EngineOpenOptions(string Url, int? Width, int? Height, string? StorageState = null, string? Engine = null);

/// <summary>The outcome of running a step's actions.</summary>
public sealed record EngineStepResult(string Status, string Message, string Url, string? Error = null)
{
    /// <summary>Values the agent typed into password fields during the step: the session service masks them everywhere.</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];
}

/// <summary>A page's document for extraction: the server's HTML, or the rendered DOM with hidden parts marked.</summary>
public sealed record PageSnapshot(string Url, string Title, string Html, bool Rendered);

/// <summary>
/// How a page was advanced to its next page of items: <paramref name="Kind"/> is <c>next</c> (a
/// "Next" link or button, <c>rel=next</c>), <c>page number</c> (the number after the current one),
/// <c>load more</c> (a "Load more"/"Show more" button) or <c>scroll</c> (infinite scroll: the page
/// grew when scrolled to its end); <paramref name="Label"/> is what the control says;
/// <paramref name="Clicked"/>: changed by a click or a scroll rather than by opening a link (read it as displayed).
/// </summary>
public sealed record PageAdvance(string Kind, string Label, string Url, bool Clicked);

/// <summary>Raised when a session's browser went away under it (crash, disconnect).</summary>
public sealed record SessionLost(string SessionId, string Reason);

/// <summary>Thrown when no browser engine can take work now; the message says how to fix it.</summary>
public sealed class EngineUnavailableException(string message) : Exception(message);

/// <summary>Thrown when a step fails in the browser in a way the session survives (a timeout, a navigation error).</summary>
public sealed class EngineStepException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Runs sessions' browsers. One instance per node, thread-safe across sessions; calls for one
/// session are serialized by the caller (the session service), never concurrent.
/// </summary>
public interface ISessionEngine
{
    /// <summary>Null when the engine can take sessions, else why not and how to fix it.</summary>
    string? UnavailableReason { get; }

    /// <summary>Sessions whose browser was lost; the session service ends them as failed.</summary>
    event Action<SessionLost>? SessionLost;

    Task<string> OpenAsync(string sessionId, EngineOpenOptions options, CancellationToken ct);

    /// <summary>Runs the command through the agent (the interpreter, or the LLM planner when <paramref name="useLlm"/>); <paramref name="progress"/> hears (what was done, page URL) after each.</summary>
    Task<EngineStepResult> RunAsync(string sessionId, string cmd, bool useLlm, Action<string, string> progress, CancellationToken ct);

    Task<string> NavigateAsync(string sessionId, string url, CancellationToken ct);

    Task ResizeAsync(string sessionId, int width, int height, CancellationToken ct);

    Task<byte[]> ScreenshotAsync(string sessionId, CancellationToken ct);

    /// <summary>
    /// A small JPEG of what the viewport shows now, <paramref name="width"/> pixels wide: what every
    /// step keeps of the page after it. Null when this engine cannot take one.
    /// </summary>
    Task<byte[]?> ThumbnailAsync(string sessionId, int width, int quality, CancellationToken ct) => Task.FromResult<byte[]?>(null);

    /// <summary>
    /// The session's page as HTML. <paramref name="renderJs"/> false: the server's HTML for the current
    /// URL, fetched with the session's cookies; true (or when scrolling): the live DOM, with invisible
    /// elements (and, unless <paramref name="fullPage"/>, those outside the viewport) marked <c>data-ops-hidden</c>.
    /// </summary>
    Task<PageSnapshot> CaptureAsync(string sessionId, bool renderJs, bool scrollToBottom, bool fullPage, CancellationToken ct);

    /// <summary>
    /// Follows the page's own pagination once, in the session's page: a "Next" control, the next page
    /// number, "Load more", or scrolling an infinite list to its end. Null when the page has no more
    /// (or this engine cannot page). Used by retrieve's <c>max_pages</c>.
    /// </summary>
    Task<PageAdvance?> NextPageAsync(string sessionId, CancellationToken ct) => Task.FromResult<PageAdvance?>(null);

    /// <summary>
    /// The session's browser state as a Playwright storage state (JSON): every cookie (session cookies
    /// included), and localStorage and IndexedDB per origin. What a profile or a restart record keeps.
    /// </summary>
    Task<string> ExportStateAsync(string sessionId, CancellationToken ct);

    /// <summary>
    /// After an answer, off the caller's path: readies the session's page for its next step (what the browser does
    /// once per page before it can first act on it). Never fails the session: a page that went away is skipped.
    /// </summary>
    Task ReadyForNextStepAsync(string sessionId, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Holds the session's next change to its page — an action, a navigation, a resize — until <paramref name="reading"/>
    /// completes (the last answer's page still being read for its picture and saved state), so the next step can look at
    /// the page meanwhile. False when the engine cannot: the caller then waits for the reading before the step.
    /// </summary>
    bool ActAfter(string sessionId, Task reading) => false;

    Task CloseAsync(string sessionId);
}
