using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using OpsDashboard.Web.Diagnostics;
using System.Threading.Channels;

namespace OpsDashboard.Web.LiveView;

/// <summary>What a watched session's screencast has cost so far (shown under the live view, and in docs/performance.md).</summary>
public sealed record LiveViewStats(int Viewers, long Frames, long Bytes, TimeSpan Watched)
{
    public double FramesPerSecond => Watched.TotalSeconds < 1 ? Frames : Frames / Watched.TotalSeconds;
    public double BytesPerSecond => Watched.TotalSeconds < 1 ? Bytes : Bytes / Watched.TotalSeconds;
}

/// <summary>
/// Where a session's live view is shared among its viewers. The screencast starts with the first
/// viewer and stops with the last, so an unwatched session costs nothing. Every viewer gets its own
/// two-frame buffer that drops the oldest frame (a slow viewer sees fewer frames, never stale ones, and
/// never slows the others); a viewer who joins late gets the last frame at once.
/// </summary>
public sealed class LiveViewService
{
    private readonly ConcurrentDictionary<string, Feed> _feeds = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly IServiceProvider _services;
    private readonly ILogger<LiveViewService> _logger;
    private long _frames;
    private long _bytes;

    public LiveViewService(IServiceProvider services, IMeterFactory meters, ILogger<LiveViewService> logger)
    {
        _services = services;
        _logger = logger;
        // What watching costs, on /metrics (opsdash_live_view_*): how a benchmark or an operator sees it.
        var meter = meters.Create(new MeterOptions(OpsMetrics.MeterName));
        meter.CreateObservableGauge("opsdash.live_view.watched", () => _feeds.Count, "{session}", "Sessions whose live view someone is watching (a screencast runs for each).");
        meter.CreateObservableGauge("opsdash.live_view.viewers", () => _feeds.Values.Sum(f => f.Viewers), "{viewer}", "Live views open, over all sessions.");
        meter.CreateObservableCounter("opsdash.live_view.frames", () => Interlocked.Read(ref _frames), "{frame}", "Screencast frames received from the browser (at most Ops:LiveViewMaxFps a second per watched session).");
        meter.CreateObservableCounter("opsdash.live_view.bytes", () => Interlocked.Read(ref _bytes), "By", "JPEG bytes of those frames (each viewer is sent every frame it keeps up with).");
    }

    /// <summary>Starts watching a session; null when no engine here holds its page (ended, or on another engine).</summary>
    public async Task<LiveViewer?> WatchAsync(string sessionId, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (!_feeds.TryGetValue(sessionId, out var feed))
            {
                var channel = await OpenAsync(sessionId, ct);
                if (channel is null)
                {
                    return null;
                }
                feed = new Feed(sessionId, channel, this);
                _feeds[sessionId] = feed;
                try
                {
                    await channel.StartAsync(feed.Publish, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _feeds.TryRemove(sessionId, out _);
                    await channel.DisposeAsync();
                    _logger.LogWarning("Session {SessionId}: the screencast did not start: {Error}", sessionId, ex.Message);
                    return null;
                }
                _logger.LogInformation("Session {SessionId}: live view started", sessionId);
            }
            return feed.Add();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The live channel of a watched session (for the operator holding control), or null when nobody watches it.</summary>
    public ILiveChannel? ChannelOf(string sessionId) => _feeds.TryGetValue(sessionId, out var feed) ? feed.Channel : null;

    /// <summary>The costs of a session's screencast, or null when nobody watches it.</summary>
    public LiveViewStats? StatsOf(string sessionId) => _feeds.TryGetValue(sessionId, out var feed) ? feed.Stats() : null;

    /// <summary>How many sessions are being watched now.</summary>
    public int Watched => _feeds.Count;

    /// <summary>Ends every viewer of a session (it ended): their frame streams complete.</summary>
    public async Task EndAsync(string sessionId)
    {
        await _gate.WaitAsync();
        try
        {
            if (_feeds.TryRemove(sessionId, out var feed))
            {
                await feed.CloseAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<ILiveChannel?> OpenAsync(string sessionId, CancellationToken ct)
    {
        foreach (var source in _services.GetServices<ILiveViewSource>())
        {
            if (await source.OpenLiveAsync(sessionId, ct) is { } channel)
            {
                return channel;
            }
        }
        return null;
    }

    private async Task LeaveAsync(Feed feed, LiveViewer viewer)
    {
        await _gate.WaitAsync();
        try
        {
            if (feed.Remove(viewer) == 0 && _feeds.TryGetValue(feed.SessionId, out var current) && current == feed)
            {
                _feeds.TryRemove(feed.SessionId, out _);
                await feed.CloseAsync();
                _logger.LogInformation("Session {SessionId}: live view stopped (no viewer left); {Frames} frames, {Bytes} bytes",
                    feed.SessionId, feed.Frames, feed.Bytes);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private sealed class Feed(string sessionId, ILiveChannel channel, LiveViewService owner)
    {
        private readonly Lock _lock = new();
        private readonly List<LiveViewer> _viewers = [];
        private readonly long _started = Stopwatch.GetTimestamp();
        private LiveFrame? _last;

        public string SessionId { get; } = sessionId;
        public ILiveChannel Channel { get; } = channel;
        public long Frames { get; private set; }
        public long Bytes { get; private set; }

        public void Publish(LiveFrame frame)
        {
            lock (_lock)
            {
                _last = frame;
                Frames++;
                Bytes += frame.Jpeg.Length;
                Interlocked.Increment(ref owner._frames);
                Interlocked.Add(ref owner._bytes, frame.Jpeg.Length);
                foreach (var v in _viewers)
                {
                    v.Writer.TryWrite(frame);
                }
            }
        }

        public LiveViewer Add()
        {
            var viewer = new LiveViewer(SessionId, v => owner.LeaveAsync(this, v));
            lock (_lock)
            {
                _viewers.Add(viewer);
                if (_last is { } still)
                {
                    viewer.Writer.TryWrite(still);
                }
            }
            return viewer;
        }

        public int Remove(LiveViewer viewer)
        {
            lock (_lock)
            {
                _viewers.Remove(viewer);
                return _viewers.Count;
            }
        }

        public int Viewers
        {
            get
            {
                lock (_lock)
                {
                    return _viewers.Count;
                }
            }
        }

        public LiveViewStats Stats()
        {
            lock (_lock)
            {
                return new LiveViewStats(_viewers.Count, Frames, Bytes, Stopwatch.GetElapsedTime(_started));
            }
        }

        public async Task CloseAsync()
        {
            lock (_lock)
            {
                foreach (var v in _viewers)
                {
                    v.Writer.TryComplete();
                }
                _viewers.Clear();
            }
            await Channel.DisposeAsync();
        }
    }
}

/// <summary>One viewer of a session's live view: read <see cref="Frames"/>; dispose to leave.</summary>
public sealed class LiveViewer : IAsyncDisposable
{
    private readonly Channel<LiveFrame> _frames = Channel.CreateBounded<LiveFrame>(
        new BoundedChannelOptions(2) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly Func<LiveViewer, Task> _leave;
    private int _left;

    public LiveViewer(string sessionId, Func<LiveViewer, Task> leave)
    {
        SessionId = sessionId;
        _leave = leave;
    }

    public string SessionId { get; }

    public ChannelReader<LiveFrame> Frames => _frames.Reader;

    /// <summary>Where the session's feed puts frames for this viewer (the oldest is dropped when two wait).</summary>
    public ChannelWriter<LiveFrame> Writer => _frames.Writer;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _left, 1) == 0)
        {
            _frames.Writer.TryComplete();
            await _leave(this);
        }
    }
}
