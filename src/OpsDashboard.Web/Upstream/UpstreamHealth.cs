using System.Collections.Concurrent;

namespace OpsDashboard.Web.Upstream;

/// <summary>The circuit breaker's state as the overview shows it.</summary>
public enum CircuitState { Closed, Open, HalfOpen }

/// <summary>One upstream's health, for the overview page and the 503 while its circuit is open.</summary>
public sealed record UpstreamStatus(string Name, string BaseUrl, CircuitState Circuit, DateTimeOffset Since, string? LastFailure,
    DateTimeOffset? LastFailureAt, string? LastBillingError, DateTimeOffset? LastBillingErrorAt, long Calls, long Failures, DateTimeOffset? OpenUntil);

/// <summary>
/// Per upstream: the circuit state (fed by the breaker's callbacks), since when, the last failure and
/// the last billing (402) error. Thread-safe singleton.
/// </summary>
public sealed class UpstreamHealth(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new();

    private sealed class Entry
    {
        public required string BaseUrl;
        public CircuitState Circuit = CircuitState.Closed;
        public DateTimeOffset Since;
        public string? LastFailure;
        public DateTimeOffset? LastFailureAt;
        public string? LastBilling;
        public DateTimeOffset? LastBillingAt;
        public long Calls;
        public long Failures;
        public DateTimeOffset? OpenUntil;
    }

    /// <summary>Raised (off any lock) when a circuit changes state or a billing error arrives, so the overview can refresh.</summary>
    public event Action<string>? Changed;

    public void Register(UpstreamOptions o) => _entries.TryAdd(o.Name, new Entry { BaseUrl = o.BaseUrl.ToString(), Since = clock.GetUtcNow() });

    public IReadOnlyList<UpstreamStatus> All() => _entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => Snapshot(e.Key, e.Value)).ToList();

    public UpstreamStatus? Of(string name) => _entries.TryGetValue(name, out var e) ? Snapshot(name, e) : null;

    private static UpstreamStatus Snapshot(string name, Entry e)
    {
        lock (e)
        {
            return new UpstreamStatus(name, e.BaseUrl, e.Circuit, e.Since, e.LastFailure, e.LastFailureAt, e.LastBilling, e.LastBillingAt, e.Calls, e.Failures, e.OpenUntil);
        }
    }

    internal void Opened(string name, TimeSpan breakFor) => Set(name, CircuitState.Open, breakFor);

    internal void HalfOpened(string name) => Set(name, CircuitState.HalfOpen, null);

    internal void Closed(string name) => Set(name, CircuitState.Closed, null);

    private void Set(string name, CircuitState state, TimeSpan? breakFor)
    {
        if (!_entries.TryGetValue(name, out var e))
        {
            return;
        }
        lock (e)
        {
            e.Circuit = state;
            e.Since = clock.GetUtcNow();
            e.OpenUntil = breakFor is { } b ? e.Since + b : null;
        }
        Changed?.Invoke(name);
    }

    internal void Call(string name, string? failure)
    {
        if (!_entries.TryGetValue(name, out var e))
        {
            return;
        }
        lock (e)
        {
            e.Calls++;
            if (failure is not null)
            {
                e.Failures++;
                e.LastFailure = failure;
                e.LastFailureAt = clock.GetUtcNow();
            }
        }
    }

    internal void Billing(string name, string message)
    {
        if (!_entries.TryGetValue(name, out var e))
        {
            return;
        }
        lock (e)
        {
            e.LastBilling = message;
            e.LastBillingAt = clock.GetUtcNow();
        }
        Changed?.Invoke(name);
    }
}
