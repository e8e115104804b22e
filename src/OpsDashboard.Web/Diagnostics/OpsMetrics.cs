using System.Diagnostics.Metrics;

namespace OpsDashboard.Web.Diagnostics;

/// <summary>OpenTelemetry instruments: active sessions, step duration, errors by kind.</summary>
public sealed class OpsMetrics : IDisposable
{
    public const string MeterName = "OpsDashboard";
    private readonly Meter _meter;
    private readonly Histogram<double> _stepDuration;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _sessionsEnded;
    private Func<int> _activeSessions = () => 0;

    public OpsMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableGauge("opsdash.sessions.active", () => _activeSessions(), unit: "{session}",
            description: "Sessions that are live (starting, idle or busy) on this node.");
        _stepDuration = _meter.CreateHistogram<double>("opsdash.step.duration", unit: "s",
            description: "Time from a step's start to its recorded answer.");
        _errors = _meter.CreateCounter<long>("opsdash.errors", unit: "{error}",
            description: "Errors by kind (validation, not_found, conflict, quota, engine, step, internal).");
        _sessionsEnded = _meter.CreateCounter<long>("opsdash.sessions.ended", unit: "{session}",
            description: "Sessions ended, by final status.");
    }

    public void ObserveActiveSessions(Func<int> count) => _activeSessions = count;

    public void StepFinished(TimeSpan duration, string status) =>
        _stepDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("status", status));

    public void Error(string kind) => _errors.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void SessionEnded(string status) => _sessionsEnded.Add(1, new KeyValuePair<string, object?>("status", status));

    public void Dispose() => _meter.Dispose();
}
