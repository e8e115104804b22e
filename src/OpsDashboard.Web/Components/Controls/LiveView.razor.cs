using System.Threading.Channels;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using OpsDashboard.Web.LiveView;
using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Web.Components.Controls;

/// <summary>
/// A session's page as its browser paints it (a DevTools screencast drawn on a canvas by
/// <c>opsDash.live</c>, frames passed as binary over the circuit, never re-rendered by Blazor), and
/// "Take control": while this tab holds the session's control lease its pointer and keys go to the
/// page. Watching starts when the component appears and stops when it goes; leaving releases control.
/// </summary>
public sealed partial class LiveView : IAsyncDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly string _holderId = "tab-" + Guid.NewGuid().ToString("N")[..8];
    private readonly Channel<Func<Task>> _inputs = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private ElementReference _canvas;
    private DotNetObjectReference<LiveView>? _self;
    private LiveViewer? _viewer;
    private string? _unavailable;
    private string? _message;
    private bool _holding;
    private bool _busy;
    private string _name = "operator";
    private ITimer? _ticker;

    [Parameter, EditorRequired]
    public string SessionId { get; set; } = "";

    [Parameter, EditorRequired]
    public string TenantId { get; set; } = "";

    /// <summary>False once the session has ended: nothing to watch.</summary>
    [Parameter]
    public bool Live { get; set; } = true;

    /// <summary>The session's engine (<c>local</c>, <c>upstream:{name}</c>): a hosted session's browser is not here to watch.</summary>
    [Parameter]
    public string Engine { get; set; } = "local";

    [Inject]
    private ISessionControl Control { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private Microsoft.Extensions.Options.IOptions<Configuration.OpsOptions> Options { get; set; } = default!;

    [Inject]
    private ILogger<LiveView> Logger { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState>? Auth { get; set; }

    private LiveViewStats? Stats => _viewer is null ? null : Control.StatsOf(SessionId);

    private ControlHolder? Holder => Control.HolderOf(SessionId);

    private bool CanTake => Live && _viewer is not null && !_busy && Holder is null;

    private string TakeTitle => Holder is { } h ? $"{h.Name} holds control" : "Drive the page by hand: agent steps wait until you release it";

    private int IdleSeconds => (int)Options.Value.ControlIdleTimeout.TotalSeconds;

    private int? ExpiresIn => Control.ExpiresAt(SessionId) is { } at ? Math.Max(0, (int)(at - Clock.GetUtcNow()).TotalSeconds) : null;

    protected override async Task OnInitializedAsync()
    {
        if (Auth is not null && (await Auth).User.Identity?.Name is { Length: > 0 } name)
        {
            _name = name;
        }
        Control.Changed += OnControlChanged;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || !Live || Engine.StartsWith("upstream:", StringComparison.Ordinal))
        {
            if (firstRender)
            {
                _unavailable = Live
                    ? $"No live view: this session runs on the hosted service '{Engine["upstream:".Length..]}', whose browser is not on this gateway (its API has no screencast). Each step's screenshot in the timeline shows the page."
                    : "The session has ended: there is no page to watch.";
                StateHasChanged();
            }
            return;
        }
        _self = DotNetObjectReference.Create(this);
        try
        {
            await JS.InvokeVoidAsync("opsDash.live.attach", _cts.Token, _canvas, _self);
            _viewer = await Control.WatchAsync(SessionId, _cts.Token);
        }
        catch (Exception ex) when (ex is JSDisconnectedException or OperationCanceledException or TaskCanceledException)
        {
            return;
        }
        if (_viewer is null)
        {
            _unavailable = "The live view is not available: this node's browser does not hold this session's page.";
        }
        else
        {
            _ = DrawAsync(_viewer);
            _ = SendInputsAsync();
            // The stats and the control countdown move once a second.
            _ticker = Clock.CreateTimer(_ => _ = InvokeAsync(StateHasChanged), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        }
        StateHasChanged();
    }

    /// <summary>Frames go to the canvas one at a time: the next waits for the last draw (the viewer's buffer drops the oldest meanwhile).</summary>
    private async Task DrawAsync(LiveViewer viewer)
    {
        try
        {
            await foreach (var frame in viewer.Frames.ReadAllAsync(_cts.Token))
            {
                await JS.InvokeVoidAsync("opsDash.live.draw", _cts.Token, _canvas, frame.Jpeg, frame.Seq);
            }
            // The feed completed: the session ended or its page went away.
            _viewer = null;
            _unavailable = "The live view stopped: the session's page is gone.";
            _holding = false;
            await InvokeAsync(StateHasChanged);
        }
        catch (Exception ex) when (ex is JSDisconnectedException or OperationCanceledException or TaskCanceledException or ObjectDisposedException)
        {
        }
        catch (JSException ex)
        {
            _message = "A frame could not be drawn: " + ex.Message.Split('\n')[0];
            await InvokeAsync(StateHasChanged);
        }
    }

    /// <summary>Input reaches the page in the order it was made: one reader sends each event after the last.</summary>
    private async Task SendInputsAsync()
    {
        try
        {
            await foreach (var send in _inputs.Reader.ReadAllAsync(_cts.Token))
            {
                try
                {
                    await send();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _message = "Input did not reach the page: " + ex.Message.Split('\n')[0];
                    await InvokeAsync(StateHasChanged);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [JSInvokable]
    public void Pointer(string kind, double x, double y, int button, int modifiers, int clickCount, double deltaX, double deltaY)
    {
        if (_holding)
        {
            var input = new PointerInput(kind, x, y, button, modifiers, clickCount, deltaX, deltaY);
            _inputs.Writer.TryWrite(() => Control.PointerAsync(SessionId, _holderId, input, _cts.Token));
        }
    }

    [JSInvokable]
    public void Key(string kind, string key, string code, int keyCode, int modifiers)
    {
        if (_holding)
        {
            var input = new KeyInput(kind, key, code, keyCode, modifiers);
            _inputs.Writer.TryWrite(() => Control.KeyAsync(SessionId, _holderId, input, _cts.Token));
        }
    }

    private async Task TakeAsync()
    {
        _busy = true;
        _message = null;
        try
        {
            var attempt = await Control.TakeAsync(TenantId, SessionId, _holderId, _name, _cts.Token);
            _holding = attempt.Taken;
            _message = attempt.Refusal;
            if (_holding)
            {
                await JS.InvokeVoidAsync("opsDash.live.setControl", _cts.Token, _canvas, true);
            }
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or JSDisconnectedException))
        {
            // An event handler that throws ends the whole circuit (the page stops answering): say what
            // went wrong here instead, and leave the page usable.
            Logger.LogWarning(ex, "Session {SessionId}: taking control failed", SessionId);
            _message = "Taking control failed: " + ex.Message.Split('\n')[0];
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ReleaseAsync()
    {
        _busy = true;
        try
        {
            await SetControlOffAsync();
            await Control.ReleaseAsync(SessionId, _holderId, "released by the operator");
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or JSDisconnectedException))
        {
            Logger.LogWarning(ex, "Session {SessionId}: releasing control failed", SessionId);
            _message = "Releasing control failed: " + ex.Message.Split('\n')[0];
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task SetControlOffAsync()
    {
        _holding = false;
        try
        {
            await JS.InvokeVoidAsync("opsDash.live.setControl", _cts.Token, _canvas, false);
        }
        catch (Exception ex) when (ex is JSDisconnectedException or OperationCanceledException or TaskCanceledException)
        {
        }
    }

    private void OnControlChanged(string sessionId)
    {
        if (sessionId != SessionId)
        {
            return;
        }
        _ = InvokeAsync(async () =>
        {
            // Released elsewhere (the idle timeout): this tab no longer drives the page.
            if (_holding && Holder?.HolderId != _holderId)
            {
                await SetControlOffAsync();
                _message = "Control was released: " + (Control.HolderOf(SessionId) is null ? $"no input for {IdleSeconds} s." : "someone else took it.");
            }
            StateHasChanged();
        });
    }

    public async ValueTask DisposeAsync()
    {
        Control.Changed -= OnControlChanged;
        _ticker?.Dispose();
        if (_holding)
        {
            _holding = false;
            await Control.ReleaseAsync(SessionId, _holderId, "the operator left the page");
        }
        await _cts.CancelAsync();
        if (_viewer is not null)
        {
            await _viewer.DisposeAsync();
        }
        _self?.Dispose();
        _cts.Dispose();
    }
}
