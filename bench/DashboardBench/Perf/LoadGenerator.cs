using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace DashboardBench.Perf;

/// <summary>
/// Real event load through the public API, nothing injected: a few live sessions step in a loop
/// ("scroll down" / "scroll up": step.started, step.progress, step.finished per step), and, when the
/// steps alone do not reach the target rate, lease renewals (<c>POST /api/sessions/{id}/renew</c>, one
/// session.updated each) fill the difference, paced against the events the monitor actually receives.
/// </summary>
internal sealed class LoadGenerator(HttpClient api, EventMonitor monitor) : IAsyncDisposable
{
    private readonly List<string> _sessions = [];
    private readonly List<Task> _workers = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _paceGate = new();
    private CancellationTokenSource? _fillStop;
    private Task _fill = Task.CompletedTask;
    private long _steps;
    private long _stepErrors;
    private long _renews;
    private long _renewErrors;
    private bool _disposed;
    private double _stepInterval;
    private long _nextStepAt;

    public IReadOnlyList<string> Sessions => _sessions;

    public (long Steps, long StepErrors, long Renews, long RenewErrors) Counters =>
        (Interlocked.Read(ref _steps), Interlocked.Read(ref _stepErrors), Interlocked.Read(ref _renews), Interlocked.Read(ref _renewErrors));

    /// <summary>Opens <paramref name="count"/> sessions on the practice social feed (a long page to scroll), four at a time.</summary>
    public async Task OpenSessionsAsync(int count)
    {
        using var parallel = new SemaphoreSlim(4);
        var ids = await Task.WhenAll(Enumerable.Range(1, count).Select(async i =>
        {
            await parallel.WaitAsync();
            try
            {
                using var response = await api.PostAsJsonAsync("v1/web/session",
                    new { url = new Uri(api.BaseAddress!, "practice/social/").ToString(), optional_params = new { holder = $"perf-load-{i}" } });
                var body = await response.Content.ReadFromJsonAsync<JsonElement>();
                return response.IsSuccessStatusCode
                    ? body.GetProperty("session_id").GetString()!
                    : throw new InvalidOperationException($"create session: {(int)response.StatusCode} {body}");
            }
            finally
            {
                parallel.Release();
            }
        }));
        _sessions.AddRange(ids);
    }

    /// <summary>
    /// Caps the steps of all sessions together at <paramref name="perSecond"/> (0: as fast as they go).
    /// Measurement windows use a cap every window can sustain, so that the mix of steps and renewals is
    /// the same with 0, 1 or 3 dashboards open (otherwise the dashboards' own Chromium slows the steps
    /// down and the gateway's CPU falls for reasons that have nothing to do with the dashboards).
    /// </summary>
    public void PaceSteps(double perSecond)
    {
        lock (_paceGate)
        {
            _stepInterval = perSecond <= 0 ? 0 : Stopwatch.Frequency / perSecond;
            _nextStepAt = Stopwatch.GetTimestamp();
        }
    }

    private async Task WaitForTurnAsync(CancellationToken ct)
    {
        long at;
        lock (_paceGate)
        {
            if (_stepInterval == 0)
            {
                return;
            }
            _nextStepAt = Math.Max(_nextStepAt + (long)_stepInterval, Stopwatch.GetTimestamp() - (long)_stepInterval);
            at = _nextStepAt;
        }
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), at);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, ct);
        }
    }

    public void StartSteps()
    {
        foreach (var session in _sessions)
        {
            _workers.Add(Task.Run(() => StepLoopAsync(session, _stop.Token)));
        }
    }

    private async Task StepLoopAsync(string session, CancellationToken ct)
    {
        var i = 0;
        while (!ct.IsCancellationRequested)
        {
            var cmd = i++ % 2 == 0 ? "scroll down" : "scroll up";
            try
            {
                await WaitForTurnAsync(ct);
                using var response = await api.PostAsJsonAsync($"v1/web/session/{session}", new { cmd }, ct);
                if (response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _steps);
                    continue;
                }
                Interlocked.Increment(ref _stepErrors);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref _stepErrors);
            }
            await Task.Delay(200, CancellationToken.None);
        }
    }

    /// <summary>Tops the event rate up to <paramref name="rate"/> per second with lease renewals.</summary>
    public void StartFill(double rate)
    {
        _fillStop = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var ct = _fillStop.Token;
        _fill = Task.Run(async () =>
        {
            using var inFlight = new SemaphoreSlim(96);
            var pending = 0;
            var sw = Stopwatch.StartNew();
            var start = monitor.Count;
            var slack = 0.0;
            var next = 0;
            while (!ct.IsCancellationRequested)
            {
                var expected = (rate * sw.Elapsed.TotalSeconds) - slack;
                var have = monitor.Count - start + Volatile.Read(ref pending);
                var deficit = expected - have;
                if (deficit > rate / 2)
                {
                    // Fell behind (the gateway could not keep up): do not burst to catch up more than half a second.
                    slack += deficit - (rate / 2);
                    deficit = rate / 2;
                }
                for (var n = 0; n < (int)deficit && inFlight.Wait(0, CancellationToken.None); n++)
                {
                    var session = _sessions[next++ % _sessions.Count];
                    Interlocked.Increment(ref pending);
                    _ = RenewAsync(session).ContinueWith(_ =>
                    {
                        Interlocked.Decrement(ref pending);
                        inFlight.Release();
                    }, TaskScheduler.Default);
                }
                try
                {
                    await Task.Delay(10, ct);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
            while (Volatile.Read(ref pending) > 0)
            {
                await Task.Delay(20, CancellationToken.None);
            }
        });
    }

    public async Task StopFillAsync()
    {
        if (_fillStop is null)
        {
            return;
        }
        await _fillStop.CancelAsync();
        await _fill;
        _fillStop.Dispose();
        _fillStop = null;
    }

    private async Task RenewAsync(string session)
    {
        try
        {
            using var response = await api.PostAsync($"api/sessions/{session}/renew", null);
            Interlocked.Increment(ref response.IsSuccessStatusCode ? ref _renews : ref _renewErrors);
        }
        catch (HttpRequestException)
        {
            Interlocked.Increment(ref _renewErrors);
        }
        catch (TaskCanceledException)
        {
            Interlocked.Increment(ref _renewErrors);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await StopFillAsync();
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        _stop.Dispose();
    }
}
