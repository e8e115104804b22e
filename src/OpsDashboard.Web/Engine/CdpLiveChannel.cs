using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using OpsDashboard.Web.LiveView;

namespace OpsDashboard.Web.Engine;

/// <summary>
/// The live view of one local session through the DevTools protocol: <c>Page.startScreencast</c>
/// (JPEG, at most 1280×720) and <c>Input.dispatchMouseEvent</c> / <c>Input.dispatchKeyEvent</c> for
/// an operator's hand. Pointer positions arrive as fractions of the frame and are scaled by the last
/// frame's viewport size.
/// </summary>
/// <remarks>
/// Where the frame rate is capped (<c>Ops:LiveViewMaxFps</c>): Chromium sends the next frame only
/// after the last one is acknowledged, so each acknowledgement is sent no sooner than one frame
/// interval after the one before it. A page that repaints continuously then costs at most
/// <paramref name="maxFps"/> encoded frames a second; a still page sends none.
/// </remarks>
public sealed class CdpLiveChannel(ICDPSession cdp, IPage page, int maxFps) : ILiveChannel
{
    public const int MaxWidth = 1280;
    public const int MaxHeight = 720;
    public const int Quality = 70;

    /// <summary>How long one input event may take to reach the page (a page caught mid-navigation may not answer).</summary>
    private static readonly TimeSpan InputBound = TimeSpan.FromSeconds(5);

    private readonly long _interval = (long)(Stopwatch.Frequency / (double)Math.Clamp(maxFps, 1, 60));
    private readonly CancellationTokenSource _stopped = new();
    private EventHandler<JsonElement?>? _handler;
    private long _lastAck;
    private long _seq;
    private double _cssWidth = page.ViewportSize?.Width ?? 1280;
    private double _cssHeight = page.ViewportSize?.Height ?? 720;
    private int _buttons;

    public string Url => page.Url;

    public async Task StartAsync(Action<LiveFrame> onFrame, CancellationToken ct)
    {
        _handler = (_, e) =>
        {
            if (e is not { } frame)
            {
                return;
            }
            var sessionId = frame.GetProperty("sessionId").GetInt32();
            // Without an acknowledgement Chromium sends no further frame: it goes once the interval allows.
            _ = AckAsync(sessionId);
            if (frame.TryGetProperty("metadata", out var meta))
            {
                if (meta.TryGetProperty("deviceWidth", out var w) && w.GetDouble() > 0)
                {
                    _cssWidth = w.GetDouble();
                }
                if (meta.TryGetProperty("deviceHeight", out var h) && h.GetDouble() > 0)
                {
                    _cssHeight = h.GetDouble();
                }
            }
            var jpeg = Convert.FromBase64String(frame.GetProperty("data").GetString() ?? "");
            onFrame(new LiveFrame(jpeg, _cssWidth, _cssHeight, Interlocked.Increment(ref _seq)));
        };
        cdp.Event("Page.screencastFrame").OnEvent += _handler;
        await cdp.SendAsync("Page.startScreencast", new()
        {
            ["format"] = "jpeg",
            ["quality"] = Quality,
            ["maxWidth"] = MaxWidth,
            ["maxHeight"] = MaxHeight,
            ["everyNthFrame"] = 1,
        });
    }

    /// <summary>The frame cap: the acknowledgement leaves one interval after the last one, or now if that has passed.</summary>
    private async Task AckAsync(int screencastSessionId)
    {
        var now = Stopwatch.GetTimestamp();
        var at = Math.Max(now, Volatile.Read(ref _lastAck) + _interval);
        Volatile.Write(ref _lastAck, at);
        try
        {
            if (at > now)
            {
                await Task.Delay(Stopwatch.GetElapsedTime(now, at), _stopped.Token);
            }
            await cdp.SendAsync("Page.screencastFrameAck", new() { ["sessionId"] = screencastSessionId });
        }
        catch (Exception ex) when (ex is PlaywrightException or OperationCanceledException)
        {
            // The page or the screencast went away (or the view stopped); nothing to acknowledge any more.
        }
    }

    public async Task StopAsync()
    {
        if (_handler is { } handler)
        {
            cdp.Event("Page.screencastFrame").OnEvent -= handler;
            _handler = null;
            await _stopped.CancelAsync();
            try
            {
                await cdp.SendAsync("Page.stopScreencast");
            }
            catch (PlaywrightException)
            {
                // Already gone with the page.
            }
        }
    }

    public async Task DispatchPointerAsync(PointerInput input, CancellationToken ct)
    {
        var x = Math.Clamp(input.X, 0, 1) * _cssWidth;
        var y = Math.Clamp(input.Y, 0, 1) * _cssHeight;
        var button = input.Button switch { 0 => "left", 1 => "middle", 2 => "right", _ => "none" };
        var bit = input.Button switch { 0 => 1, 1 => 4, 2 => 2, _ => 0 };
        var args = new Dictionary<string, object> { ["x"] = x, ["y"] = y, ["modifiers"] = input.Modifiers };
        switch (input.Kind)
        {
            case "down":
                _buttons |= bit;
                args["type"] = "mousePressed";
                args["button"] = button;
                args["buttons"] = _buttons;
                args["clickCount"] = Math.Max(1, input.ClickCount);
                break;
            case "up":
                _buttons &= ~bit;
                args["type"] = "mouseReleased";
                args["button"] = button;
                args["buttons"] = _buttons;
                args["clickCount"] = Math.Max(1, input.ClickCount);
                break;
            case "move":
                args["type"] = "mouseMoved";
                args["button"] = _buttons == 0 ? "none" : button;
                args["buttons"] = _buttons;
                break;
            case "wheel":
                args["type"] = "mouseWheel";
                args["deltaX"] = input.DeltaX;
                args["deltaY"] = input.DeltaY;
                break;
            default:
                throw new ArgumentException($"Unknown pointer event '{input.Kind}': use down, up, move or wheel.", nameof(input));
        }
        await cdp.SendAsync("Input.dispatchMouseEvent", args).WaitAsync(InputBound, ct);
    }

    public async Task DispatchKeyAsync(KeyInput input, CancellationToken ct)
    {
        if (input.Kind is not ("down" or "up"))
        {
            throw new ArgumentException($"Unknown key event '{input.Kind}': use down or up.", nameof(input));
        }
        var text = input.Text;
        var args = new Dictionary<string, object>
        {
            // A key that types sends keyDown with its text (inserted once); others a rawKeyDown.
            ["type"] = input.Kind == "up" ? "keyUp" : text is null ? "rawKeyDown" : "keyDown",
            ["key"] = input.Key,
            ["code"] = input.Code,
            ["windowsVirtualKeyCode"] = input.KeyCode,
            ["nativeVirtualKeyCode"] = input.KeyCode,
            ["modifiers"] = input.Modifiers,
        };
        if (text is not null)
        {
            args["text"] = text;
            args["unmodifiedText"] = text;
        }
        await cdp.SendAsync("Input.dispatchKeyEvent", args).WaitAsync(InputBound, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            await cdp.DetachAsync();
        }
        catch (PlaywrightException)
        {
            // The target is gone: nothing left to detach from.
        }
    }
}
