namespace OpsDashboard.Web.LiveView;

/// <summary>
/// One frame of a session's live view: a JPEG of the viewport as the browser painted it, and the
/// viewport's size in CSS pixels (what pointer positions are scaled to). <see cref="Seq"/> counts the
/// frames of one screencast, so a viewer can tell a new frame from a repeated still.
/// </summary>
public sealed record LiveFrame(byte[] Jpeg, double CssWidth, double CssHeight, long Seq);

/// <summary>
/// A pointer event from an operator holding control. <see cref="X"/>/<see cref="Y"/> are fractions
/// (0..1) of the drawn frame, so the viewer's canvas size does not matter. <see cref="Kind"/>:
/// <c>down</c>, <c>up</c>, <c>move</c> or <c>wheel</c>; <see cref="Button"/>: 0 left, 1 middle, 2 right
/// (the DOM's numbering); <see cref="Modifiers"/> in the DevTools protocol's bits (Alt 1, Ctrl 2, Meta 4, Shift 8).
/// </summary>
public sealed record PointerInput(string Kind, double X, double Y, int Button = 0, int Modifiers = 0, int ClickCount = 1,
    double DeltaX = 0, double DeltaY = 0);

/// <summary>
/// A key from an operator holding control: <see cref="Kind"/> <c>down</c> or <c>up</c>, the DOM's
/// <c>key</c>, <c>code</c> and <c>keyCode</c>, and the modifiers. A printable key (one character, no
/// Ctrl/Meta) inserts its text once, on <c>down</c>.
/// </summary>
public sealed record KeyInput(string Kind, string Key, string Code, int KeyCode, int Modifiers = 0)
{
    /// <summary>The text this key types, or null for a key that types nothing (Enter is typed as a return).</summary>
    public string? Text => Kind != "down" || (Modifiers & (2 | 4)) != 0 ? null
        : Key == "Enter" ? "\r"
        : Key.Length == 1 || (Key.Length == 2 && char.IsSurrogatePair(Key[0], Key[1])) ? Key
        : null;

    /// <summary>True for a key that types a character (what "keys typed" counts).</summary>
    public bool Types => Text is not null && Key != "Enter";
}

/// <summary>
/// A live connection to one session's page: its screencast and its input. Implemented by the engine
/// that holds the page (<see cref="Engine.CdpLiveChannel"/> for local Chromium); one per watched session.
/// </summary>
public interface ILiveChannel : IAsyncDisposable
{
    /// <summary>Starts the screencast; <paramref name="onFrame"/> hears every frame (on a protocol thread: keep it short).</summary>
    Task StartAsync(Action<LiveFrame> onFrame, CancellationToken ct);

    Task StopAsync();

    Task DispatchPointerAsync(PointerInput input, CancellationToken ct);

    Task DispatchKeyAsync(KeyInput input, CancellationToken ct);

    /// <summary>The page's URL now.</summary>
    string Url { get; }
}

/// <summary>An engine whose sessions can be watched and driven by hand.</summary>
public interface ILiveViewSource
{
    /// <summary>A live channel to the session's page, or null when this engine does not hold it.</summary>
    Task<ILiveChannel?> OpenLiveAsync(string sessionId, CancellationToken ct);
}
