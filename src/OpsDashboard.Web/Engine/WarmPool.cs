using System.Collections.Concurrent;
using System.Diagnostics;

namespace OpsDashboard.Web.Engine;

/// <summary>
/// Ready browser contexts (a context and a blank page each), so that a create pays only its
/// navigation. The pool must not compete with the requests it serves:
/// <list type="bullet">
/// <item>it refills <b>after</b> the answer: it waits while a create is being answered or a step runs
/// (up to <see cref="MaxYield"/>, so a node that is never idle still refills, one context at a time);</item>
/// <item>its size follows measured demand: at least <c>Ops:WarmPoolSize</c>, up to the most creates
/// seen running at once in the last <see cref="DemandWindow"/> (so 16 concurrent clients find 16 ready
/// contexts on their next round), never above <see cref="MaxSize"/> or the node's free capacity;</item>
/// <item>it is throttled by measured load: after each context it pauses for half the time that context
/// took to make, so on a loaded machine it takes at most about two thirds of the time it could.</item>
/// </list>
/// Its own cost (contexts made, time spent making them, hits and misses) is counted for /metrics.
/// </summary>
public sealed class WarmPool<T>(Func<Task<T?>> make, Func<T, bool> usable, Action<T> discard, Func<int> minSize, Func<int> freeCapacity, Func<bool> stepsRunning,
    ILogger logger) : IOpenings, IDisposable where T : class
{
    /// <summary>The most contexts kept ready, whatever the demand.</summary>
    public const int MaxSize = 16;

    public static readonly TimeSpan DemandWindow = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan MaxYield = TimeSpan.FromSeconds(2);

    private readonly ConcurrentQueue<T> _ready = new();
    private readonly SemaphoreSlim _wake = new(0, int.MaxValue);
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _demandLock = new();
    private int _opening;
    private int _peak;
    private long _peakAt;
    private Task? _loop;

    public int Count => _ready.Count;

    /// <summary>Whether a create is on its way to its answer (the pool and the closer wait for it).</summary>
    public bool Busy => Volatile.Read(ref _opening) > 0;

    /// <summary>How many contexts the pool is filling up to now.</summary>
    public int Target
    {
        get
        {
            int peak;
            lock (_demandLock)
            {
                peak = Stopwatch.GetElapsedTime(_peakAt) < DemandWindow ? _peak : 0;
            }
            var wanted = Math.Min(MaxSize, Math.Max(minSize(), peak));
            return minSize() <= 0 ? 0 : Math.Max(0, Math.Min(wanted, freeCapacity()));
        }
    }

    public long Made { get; private set; }
    public double MakingMs { get; private set; }
    public long Hits { get; private set; }
    public long Misses { get; private set; }

    /// <summary>Starts the refill loop (idempotent).</summary>
    public void Start()
    {
        _loop ??= Task.Run(LoopAsync);
        Wake();
    }

    /// <summary>A create begins: takes a ready context if there is one. Call <see cref="Opened"/> when its answer is ready.</summary>
    public T? TryTake()
    {
        var now = Interlocked.Increment(ref _opening);
        lock (_demandLock)
        {
            if (now >= _peak || Stopwatch.GetElapsedTime(_peakAt) >= DemandWindow)
            {
                _peak = now;
                _peakAt = Stopwatch.GetTimestamp();
            }
        }
        while (_ready.TryDequeue(out var item))
        {
            if (usable(item))
            {
                Hits++;
                return item;
            }
            discard(item);
        }
        Misses++;
        return null;
    }

    /// <summary>The create that called <see cref="TryTake"/> has its answer: the pool may refill.</summary>
    public void Opened()
    {
        Interlocked.Decrement(ref _opening);
        Wake();
    }

    /// <summary>Drops every ready context (the browser they belonged to is gone).</summary>
    public void Clear()
    {
        while (_ready.TryDequeue(out var item))
        {
            discard(item);
        }
    }

    public IEnumerable<T> Drain()
    {
        while (_ready.TryDequeue(out var item))
        {
            yield return item;
        }
    }

    public void Wake() => _wake.Release();

    private async Task LoopAsync()
    {
        var ct = _stopping.Token;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(TimeSpan.FromSeconds(5), ct);
                while (!ct.IsCancellationRequested && _ready.Count < Target)
                {
                    // After the answer: not while a create is on its way to its client, nor while steps run — within a
                    // bound, so that a node never idle still refills, one context at a time.
                    var yielded = Stopwatch.GetTimestamp();
                    while (!ct.IsCancellationRequested && (Volatile.Read(ref _opening) > 0 || stepsRunning()) && Stopwatch.GetElapsedTime(yielded) < MaxYield)
                    {
                        await Task.Delay(25, ct);
                    }
                    var started = Stopwatch.GetTimestamp();
                    var item = await make();
                    if (item is null)
                    {
                        break; // no browser now; woken again when there is one
                    }
                    var cost = Stopwatch.GetElapsedTime(started);
                    Made++;
                    MakingMs += cost.TotalMilliseconds;
                    _ready.Enqueue(item);
                    // Throttled by the measured cost: a context that took long to make means a loaded machine.
                    await Task.Delay(cost / 2, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Warm pool refill failed; retrying on the next create");
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        }
    }

    public void Dispose() => _stopping.Cancel();
}

/// <summary>
/// One create's claim on the warm pool: taken with <see cref="WarmPool{T}.TryTake"/>, released once
/// (<see cref="Done"/>) when the create has its answer, or after a bound if nothing says so.
/// </summary>
public sealed class OpeningMark(IOpenings pool)
{
    private int _done;

    public void Done()
    {
        if (Interlocked.Exchange(ref _done, 1) == 0)
        {
            pool.Opened();
        }
    }

    public void DoneWithin(TimeSpan bound) => _ = Task.Delay(bound).ContinueWith(_ => Done(), TaskScheduler.Default);
}

/// <summary>What an <see cref="OpeningMark"/> tells: a create has its answer.</summary>
public interface IOpenings
{
    void Opened();
}
