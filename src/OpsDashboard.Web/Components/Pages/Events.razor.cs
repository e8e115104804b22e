using Microsoft.AspNetCore.Components;
using OpsDashboard.Web.Dashboard;
using OpsDashboard.Web.Events;

namespace OpsDashboard.Web.Components.Pages;

/// <summary>
/// The live stream of events across sessions, newest first. Pause keeps receiving into a buffer and
/// resume adds it all, in order, so nothing is lost while an operator reads.
/// </summary>
public partial class Events : IAsyncDisposable
{
    public const int MaxKept = 10_000;
    public const int InitialHistory = 500;
    private static readonly string[] Levels = ["all", "info", "warning", "error"];
    private static readonly string[] Kinds =
    [
        "all", OpsEventKinds.SessionOpened, OpsEventKinds.SessionUpdated, OpsEventKinds.SessionEnded, OpsEventKinds.StepStarted,
        OpsEventKinds.StepProgress, OpsEventKinds.StepFinished, OpsEventKinds.StepPicture, OpsEventKinds.RetrieveFinished, OpsEventKinds.Error,
    ];
    private readonly List<OpsEvent> _pending = [];
    private List<OpsEvent> _events = [];
    private List<OpsEvent> _view = [];
    private LiveFeed? _feed;
    private bool _paused;
    private string? _sessionFilter;
    private string _levelFilter = "all";
    private string _kindFilter = "all";

    [Inject]
    private OpsEventBus Bus { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "session")]
    public string? SessionQuery { get; set; }

    internal bool Paused => _paused;

    protected override void OnInitialized()
    {
        _sessionFilter = SessionQuery;
        _feed = LiveFeed.Subscribe(Bus);
        // Newest first; the recent history gives the page something to show at once.
        _events = [.. Bus.Since(Math.Max(0, _feed.LastSeqAtStart - InitialHistory)).Where(e => e.Seq <= _feed.LastSeqAtStart).Reverse()];
        Refilter();
        _feed.Start(batch => InvokeAsync(() =>
        {
            Apply(batch);
            StateHasChanged();
        }));
    }

    internal void Apply(IReadOnlyList<OpsEvent> batch)
    {
        if (_paused)
        {
            _pending.AddRange(batch);
            return;
        }
        Prepend(batch);
    }

    private void Prepend(IReadOnlyList<OpsEvent> batch)
    {
        var merged = new List<OpsEvent>(Math.Min(MaxKept, _events.Count + batch.Count));
        merged.AddRange(batch.Reverse());
        merged.AddRange(_events.Take(MaxKept - merged.Count));
        _events = merged;
        Refilter();
    }

    private void Pause() => _paused = true;

    private void Resume()
    {
        _paused = false;
        var buffered = _pending.ToList();
        _pending.Clear();
        Prepend(buffered);
    }

    private void Refilter()
    {
        var session = _sessionFilter?.Trim();
        _view = _events.Where(e =>
                (string.IsNullOrEmpty(session) || e.SessionId.Contains(session, StringComparison.OrdinalIgnoreCase)) &&
                (_levelFilter == "all" || e.Level == _levelFilter) &&
                (_kindFilter == "all" || e.Kind == _kindFilter))
            .ToList();
    }

    private void SetSessionFilter(string? value)
    {
        _sessionFilter = value;
        Refilter();
    }

    private void SetLevelFilter(string value)
    {
        _levelFilter = value;
        Refilter();
    }

    private void SetKindFilter(string value)
    {
        _kindFilter = value;
        Refilter();
    }

    public async ValueTask DisposeAsync()
    {
        if (_feed is not null)
        {
            await _feed.DisposeAsync();
        }
        GC.SuppressFinalize(this);
    }
}
