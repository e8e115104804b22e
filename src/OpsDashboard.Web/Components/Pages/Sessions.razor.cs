using Microsoft.AspNetCore.Components;
using MudBlazor;
using OpsDashboard.Web.Components.Dialogs;
using OpsDashboard.Web.Dashboard;
using OpsDashboard.Web.Events;
using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Web.Components.Pages;

/// <summary>
/// The home page: every live session and the newest ended ones, kept current by the event bus in
/// ~100 ms batches (a snapshot first, then changes; no reload). Filtered here, sorted and
/// virtualized by the grid, so thousands of rows stay smooth.
/// </summary>
public partial class Sessions : IAsyncDisposable
{
    public const int SnapshotSize = 5000;
    private const string AllTenants = "*";
    private const string AllEngines = "*";
    public const string NeedsAttention = "needs attention";
    private static readonly string[] StatusFilters = ["all", "live", NeedsAttention, "starting", "idle", "busy", "expired", "closed", "failed"];
    private readonly Dictionary<string, SessionRow> _byId = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _cts = new();
    private List<SessionRow> _rows = [];
    private List<SessionRow> _view = [];
    private List<string> _tenants = [];
    private LiveFeed? _feed;
    private bool _loading = true;
    private string? _search;
    private string _statusFilter = "all";
    private string _tenantFilter = AllTenants;
    private string _engineFilter = AllEngines;

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
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private Microsoft.Extensions.Options.IOptions<Configuration.OpsOptions> Options { get; set; } = default!;

    private int LiveCount => _rows.Count(r => r.IsLive);

    private int AttentionCount => _rows.Count(r => AttentionOf(r) is not null);

    /// <summary>
    /// A step "runs far longer than usual" past three times the median of the steps the list knows, and never
    /// under a minute. It depends only on the rows, so it is worked out when they change (<see cref="Refilter"/>),
    /// not once per row per render.
    /// </summary>
    private TimeSpan _longStep = TimeSpan.FromMinutes(1);

    private static TimeSpan LongStepOf(IEnumerable<SessionRow> rows)
    {
        var durations = rows.Where(r => r.LastDurationMs is not null).Select(r => r.LastDurationMs!.Value).Order().ToList();
        var median = durations.Count == 0 ? 0 : durations[durations.Count / 2];
        return TimeSpan.FromMilliseconds(Math.Max(60_000, 3 * median));
    }

    /// <summary>Why a row needs an operator, or null (see <see cref="SessionRow.Attention"/>).</summary>
    private string? AttentionOf(SessionRow r) =>
        r.Attention(Clock.GetUtcNow(), _longStep, Controls.LeaseCountdown.AmberBelow(Options.Value.IdleTimeout));

    private static string OutcomeTitle(SessionRow r) =>
        r.RunningCmd is { } running ? $"Running since {r.RunningSince:HH:mm:ss}: {running}"
        : r.LastOutcome is null ? r.LastError ?? "No step yet"
        : $"{r.LastOutcome} — {r.LastCmd}\n{r.LastMessage}";

    private void ShowAttention() => SetStatusFilter(NeedsAttention);

    protected override async Task OnInitializedAsync()
    {
        // Subscribe before the snapshot: changes made while it loads arrive afterwards and are applied on top.
        _feed = LiveFeed.Subscribe(Bus);
        var snapshot = await Client.LoadSessionsAsync(SnapshotSize, _cts.Token);
        foreach (var row in snapshot)
        {
            _byId[row.Id] = row;
        }
        _rows = [.. snapshot];
        _tenants = [.. (await Client.GetTenantsAsync(_cts.Token)).Union(snapshot.Select(r => r.TenantId)).Distinct().Order()];
        _loading = false;
        Refilter();
        _feed.Start(OnBatchAsync);
    }

    private async Task OnBatchAsync(IReadOnlyList<OpsEvent> batch)
    {
        // New sessions: read their records (holder, hard cap, size) off the render thread, once per batch.
        var unknown = batch.Where(e => e.Kind == OpsEventKinds.SessionOpened).Select(e => e.SessionId).Distinct().ToList();
        IReadOnlyList<SessionRow> loaded = [];
        if (unknown.Count > 0)
        {
            loaded = await Client.LoadSessionsAsync(unknown, _cts.Token);
        }
        await InvokeAsync(() =>
        {
            Apply(batch, loaded);
            StateHasChanged();
        });
    }

    /// <summary>Applies one batch to the rows (on the render thread).</summary>
    internal void Apply(IReadOnlyList<OpsEvent> batch, IReadOnlyList<SessionRow> loaded)
    {
        var added = false;
        foreach (var e in batch)
        {
            if (!_byId.TryGetValue(e.SessionId, out var row))
            {
                if (e.Kind != OpsEventKinds.SessionOpened)
                {
                    continue;
                }
                row = loaded.FirstOrDefault(r => r.Id == e.SessionId) ?? SessionRow.FromOpened(e);
                _byId[row.Id] = row;
                _rows.Add(row);
                added = true;
                if (!_tenants.Contains(row.TenantId))
                {
                    _tenants = [.. _tenants.Append(row.TenantId).Order()];
                }
            }
            row.Apply(e);
        }
        if (added && _rows.Count > SnapshotSize + 1000)
        {
            // Keep memory bounded on a busy node: forget the oldest ended sessions.
            foreach (var old in _rows.Where(r => !r.IsLive).OrderBy(r => r.CreatedAt).Take(_rows.Count - SnapshotSize).ToList())
            {
                _byId.Remove(old.Id);
            }
            _rows = [.. _rows.Where(r => _byId.ContainsKey(r.Id))];
        }
        Refilter();
    }

    private void Refilter()
    {
        _longStep = LongStepOf(_rows);
        var text = _search?.Trim();
        _view = _rows.Where(r =>
                (_statusFilter switch
                {
                    "all" => true,
                    "live" => r.IsLive,
                    NeedsAttention => AttentionOf(r) is not null,
                    _ => r.Status == _statusFilter,
                }) &&
                (_tenantFilter == AllTenants || r.TenantId == _tenantFilter) &&
                (_engineFilter == AllEngines || r.Engine == _engineFilter) &&
                (string.IsNullOrEmpty(text) || Matches(r, text)))
            .ToList();
    }

    private static bool Matches(SessionRow r, string text) =>
        r.Id.Contains(text, StringComparison.OrdinalIgnoreCase) ||
        r.TenantId.Contains(text, StringComparison.OrdinalIgnoreCase) ||
        (r.Holder?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false) ||
        (r.CurrentUrl?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false) ||
        (r.LastError?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false) ||
        (r.LastOutcome?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false) ||
        (r.LastCmd?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false) ||
        (r.LastMessage?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false) ||
        (r.RunningCmd?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false) ||
        (r.EndReason?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false);

    private void SetSearch(string? text)
    {
        _search = text;
        Refilter();
    }

    private void SetStatusFilter(string status)
    {
        _statusFilter = status;
        Refilter();
    }

    /// <summary>The engines the loaded sessions ran on (local, upstream:{name}).</summary>
    private IEnumerable<string> Engines => _rows.Select(r => r.Engine).Append("local").Distinct().Order(StringComparer.Ordinal);

    private void SetEngineFilter(string engine)
    {
        _engineFilter = engine;
        Refilter();
    }

    private void SetTenantFilter(string tenant)
    {
        _tenantFilter = tenant;
        Refilter();
    }

    private static string RowClass(SessionRow row, int index) => row.IsLive ? "row-live" : "row-ended";

    private void OpenRow(DataGridRowClickEventArgs<SessionRow> e) => Navigation.NavigateTo($"sessions/{e.Item.Id}");

    private async Task OpenNewSessionAsync()
    {
        var tenants = _tenants.Count > 0 ? _tenants : ["default"];
        var dialog = await Dialogs.ShowAsync<NewSessionDialog>("New session", new DialogParameters<NewSessionDialog>
        {
            { d => d.Tenants, tenants },
            { d => d.DefaultUrl, Navigation.BaseUri + "practice/" },
            { d => d.Profiles, await Client.ListProfilesAsync(CancellationToken.None) },
        }, new DialogOptions { CloseOnEscapeKey = true, MaxWidth = MaxWidth.Small });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: StepOutcome outcome })
        {
            Snackbar.Add(DashboardLimits.Clip($"Opened {outcome.SessionId}: {outcome.Message}", 200), Severity.Success);
            // Straight to the new session: that is what one creates it for.
            Navigation.NavigateTo($"sessions/{outcome.SessionId}");
        }
    }

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
