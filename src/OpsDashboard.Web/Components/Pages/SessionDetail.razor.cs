using Microsoft.AspNetCore.Components;
using MudBlazor;
using OpsDashboard.Core.Api;
using OpsDashboard.Web.Components.Controls;
using OpsDashboard.Web.Components.Dialogs;
using OpsDashboard.Web.Dashboard;
using OpsDashboard.Web.Events;
using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Web.Components.Pages;

/// <summary>
/// One session: header with lease controls, the live step timeline (progress included), a console
/// for the next cmd, the latest screenshot and the retrieve panel. Steps and retrieves run through
/// the session service without blocking the page; the timeline follows the event bus, so steps sent
/// by API clients appear here too.
/// </summary>
public partial class SessionDetail : IAsyncDisposable
{
    private CancellationTokenSource _cts = new();
    /// <summary>The session this page shows; another id (a link from one session to another) starts it afresh.</summary>
    private string? _shownId;
    private SessionRow? _session;
    private List<StepView> _steps = [];
    private IReadOnlyList<RetrievalView> _retrievals = [];
    private int _attemptsVersion;
    private LiveFeed? _feed;
    private string? _latestShot;
    private string? _shotError;
    private bool _loading = true;
    private bool _sending;
    private bool _acting;
    private bool _shotting;
    private SessionProfileView? _profile;
    private string? _saveProfileName;

    [Parameter]
    public string SessionId { get; set; } = "";

    /// <summary>Monaco for the schema (the app); tests render the plain editor.</summary>
    [Parameter, SupplyParameterFromQuery(Name = "plain")]
    public bool PlainEditor { get; set; }

    [Inject]
    private IDashboardClient Client { get; set; } = default!;

    [Inject]
    private OpsEventBus Bus { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private DashboardUiOptions UiOptions { get; set; } = default!;

    private bool UseCodeEditor => UiOptions.UseCodeEditor && !PlainEditor;

    private IReadOnlyList<string> PastCommands => _steps.Where(s => s.Kind != "create").Select(s => s.Cmd).ToList();

    private StepAnswer? LastAnswer =>
        _steps.LastOrDefault(s => !s.IsRunning && s.Kind != "create") is { } last ? new StepAnswer(last.Status, last.Message) : null;

    /// <summary>Why the console is disabled, in words; null when a cmd can be sent.</summary>
    internal string? ConsoleDisabledReason
    {
        get
        {
            if (_session is not { } s)
            {
                return "Loading the session…";
            }
            if (!s.IsLive)
            {
                return $"The session has ended ({s.Status}: {s.EndReason}); it cannot take steps.";
            }
            if (_sending)
            {
                return null;
            }
            if (s.Status == "busy" || _steps.Any(x => x.IsRunning))
            {
                var running = _steps.LastOrDefault(x => x.IsRunning);
                return running is null
                    ? "Busy: a step is running; wait for its answer."
                    : $"Busy: step {running.Seq} \"{Shorten(running.Cmd)}\" is running (started {Format.Ago(running.StartedAt, DateTimeOffset.UtcNow)}); wait for its answer.";
            }
            if (s.Status == "starting")
            {
                return "The session is still opening its first page.";
            }
            return null;
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        if (_shownId == SessionId)
        {
            return;
        }
        if (_shownId is not null)
        {
            await ForgetShownSessionAsync();
        }
        _shownId = SessionId;
        _feed = LiveFeed.Subscribe(Bus, e => e.SessionId == SessionId);
        _session = await Client.GetSessionAsync(SessionId, _cts.Token);
        if (_session is not null)
        {
            _steps = [.. await Client.GetStepsAsync(SessionId, _cts.Token)];
            _retrievals = await Client.GetRetrievalsAsync(SessionId, _cts.Token);
            _profile = await Client.GetSessionProfileAsync(SessionId, _cts.Token);
            _saveProfileName = _profile?.ProfileName;
            _latestShot = _steps.LastOrDefault(x => x.ScreenshotId is not null)?.ScreenshotId
                ?? await Client.LatestScreenshotAsync(_session.TenantId, SessionId, _cts.Token);
        }
        _loading = false;
        _feed.Start(OnBatchAsync);
    }

    /// <summary>
    /// Blazor keeps this page's instance when the route moves from one session to another: drop
    /// the old session's feed, in-flight work and state so nothing of it shows under the new id.
    /// (The markup is keyed by the id, so the timeline, live view and retrieve panel start afresh.)
    /// </summary>
    private async Task ForgetShownSessionAsync()
    {
        await _cts.CancelAsync();
        _cts.Dispose();
        _cts = new CancellationTokenSource();
        if (_feed is not null)
        {
            await _feed.DisposeAsync();
            _feed = null;
        }
        _session = null;
        _steps = [];
        _retrievals = [];
        _latestShot = null;
        _shotError = null;
        _profile = null;
        _saveProfileName = null;
        _sending = _acting = _shotting = false;
        _loading = true;
    }

    private async Task OnBatchAsync(IReadOnlyList<OpsEvent> batch)
    {
        var reloadSteps = batch.Any(e => e.Kind is OpsEventKinds.StepFinished or OpsEventKinds.SessionEnded);
        var reloadRetrievals = batch.Any(e => e.Kind == OpsEventKinds.RetrieveFinished);
        var reloadSession = _session is null || batch.Any(e => e.Kind == OpsEventKinds.SessionEnded);
        IReadOnlyList<StepView>? stored = reloadSteps ? await Client.GetStepsAsync(SessionId, _cts.Token) : null;
        IReadOnlyList<RetrievalView>? retrievals = reloadRetrievals ? await Client.GetRetrievalsAsync(SessionId, _cts.Token) : null;
        var record = reloadSession ? await Client.GetSessionAsync(SessionId, _cts.Token) : null;
        await InvokeAsync(() =>
        {
            Apply(batch, stored, retrievals, record);
            StateHasChanged();
        });
    }

    /// <summary>Applies a batch: events first (immediate), then the stored records read for it (exact: errors, urls).</summary>
    internal void Apply(IReadOnlyList<OpsEvent> batch, IReadOnlyList<StepView>? stored, IReadOnlyList<RetrievalView>? retrievals, SessionRow? record)
    {
        if (_session is null && record is not null)
        {
            _session = record;
        }
        foreach (var e in batch)
        {
            _session?.Apply(e);
            switch (e.Kind)
            {
                case OpsEventKinds.StepStarted when e.StepSeq is { } seq:
                    if (_steps.All(x => x.Seq != seq))
                    {
                        _steps.Add(new StepView { Seq = seq, Cmd = e.Cmd ?? "", Status = "running", StartedAt = e.At, UrlBefore = e.Url });
                    }
                    break;
                case OpsEventKinds.StepProgress when e.StepSeq is { } seq:
                    _steps.FirstOrDefault(x => x.Seq == seq)?.Progress.Add(e.Message ?? "");
                    break;
                case OpsEventKinds.StepFinished when e.StepSeq is { } seq:
                    if (_steps.FirstOrDefault(x => x.Seq == seq) is { } step)
                    {
                        step.Status = e.Status ?? step.Status;
                        // The finished cmd: typed values masked while running are shown again unless they went into a password field.
                        step.Cmd = e.Cmd ?? step.Cmd;
                        step.Message = e.Message;
                        step.UrlAfter = e.Url;
                        step.DurationMs = e.DurationMs;
                        // The thumbnail follows the answer (step.picture); a screenshot the caller asked for comes with it.
                        step.ScreenshotId = e.ScreenshotId ?? step.ScreenshotId;
                    }
                    break;
                case OpsEventKinds.StepPicture when e.StepSeq is { } seq && e.ScreenshotId is not null:
                    if (_steps.FirstOrDefault(x => x.Seq == seq) is { } pictured)
                    {
                        pictured.ScreenshotId = e.ScreenshotId;
                    }
                    break;
            }
            if (e.ScreenshotId is not null)
            {
                _latestShot = e.ScreenshotId;
            }
        }
        if (stored is not null)
        {
            // Keep the live progress lines, which are not stored.
            var progress = _steps.ToDictionary(x => x.Seq, x => x.Progress);
            _steps = [.. stored];
            foreach (var step in _steps)
            {
                if (progress.TryGetValue(step.Seq, out var lines))
                {
                    step.Progress.AddRange(lines);
                }
            }
        }
        if (retrievals is not null)
        {
            _retrievals = retrievals;
        }
        if (batch.Any(e => e.Kind is OpsEventKinds.StepFinished or OpsEventKinds.RetrieveFinished or OpsEventKinds.Error or OpsEventKinds.SessionEnded))
        {
            _attemptsVersion++;
        }
        if (record is not null && _session is not null && !record.IsLive)
        {
            _session.EndReason ??= record.EndReason;
            _session.EndedAt ??= record.EndedAt;
        }
    }

    private async Task SendAsync(string cmd)
    {
        if (_session is not { IsLive: true } s)
        {
            return;
        }
        _sending = true;
        try
        {
            // Awaiting here does not block the page: the circuit keeps rendering batches while the step runs.
            var outcome = await Client.StepAsync(s.TenantId, SessionId, cmd, null, _cts.Token);
            if (outcome.Status is StepStatus.AskUser or StepStatus.NotSure)
            {
                Snackbar.Add(DashboardLimits.Clip($"{outcome.Status}: {outcome.Message}"), outcome.Status == StepStatus.AskUser ? Severity.Info : Severity.Warning);
            }
        }
        catch (ApiProblem p)
        {
            Snackbar.Add(DashboardLimits.Clip(p.Message), Severity.Error);
        }
        catch (RequestValidationException v)
        {
            Snackbar.Add(DashboardLimits.Clip("The cmd was not sent: " + string.Join(" ", v.Errors.Select(e => e.Msg))), Severity.Error);
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
        }
        finally
        {
            _sending = false;
        }
    }

    private async Task RenewAsync()
    {
        if (_session is not { } s)
        {
            return;
        }
        await ActAsync(() => Client.RenewAsync(s.TenantId, SessionId, _cts.Token), "Lease renewed.");
    }

    private async Task CloseAsync()
    {
        if (_session is not { } s
            || !await ConfirmDialog.AskAsync(Dialogs, "Close session", $"Close {SessionId}? Its browser context is released; the history stays.", "Close session"))
        {
            return;
        }
        await ActAsync(() => Client.CloseAsync(s.TenantId, SessionId, _cts.Token), "Session closed.");
    }

    /// <summary>Saves the live session's cookies, localStorage and IndexedDB to the named profile now.</summary>
    private async Task SaveProfileAsync()
    {
        if (_session is not { } s || string.IsNullOrWhiteSpace(_saveProfileName))
        {
            return;
        }
        var name = _saveProfileName.Trim();
        await ActAsync(() => Client.SaveToProfileAsync(s.TenantId, SessionId, name, _cts.Token), $"Browser state saved to profile '{name}'.");
    }

    private async Task ActAsync(Func<Task> action, string done)
    {
        _acting = true;
        try
        {
            await action();
            Snackbar.Add(done, Severity.Success);
        }
        catch (ApiProblem p)
        {
            Snackbar.Add(DashboardLimits.Clip(p.Message), Severity.Error);
        }
        finally
        {
            _acting = false;
        }
    }

    private async Task RefreshScreenshotAsync()
    {
        if (_session is not { } s)
        {
            return;
        }
        _shotting = true;
        _shotError = null;
        try
        {
            _latestShot = await Client.ScreenshotNowAsync(s.TenantId, SessionId, _cts.Token);
        }
        catch (ApiProblem p)
        {
            _shotError = p.Message;
        }
        finally
        {
            _shotting = false;
        }
    }

    private string ShotUrl(string id) => Client.ScreenshotUrl(Navigation.BaseUri, id);

    private Task OpenScreenshotAsync(string id) => ScreenshotDialog.ShowAsync(Dialogs, ShotUrl(id));

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "…";

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        if (_feed is not null)
        {
            await _feed.DisposeAsync();
        }
        _cts.Dispose();
        GC.SuppressFinalize(this);
    }
}
