using Microsoft.EntityFrameworkCore;
using OpsDashboard.Core.Api;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Events;
using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Web.Dashboard;

/// <summary>Per-minute series for the last hour, oldest first, plus the hour's totals.</summary>
/// <remarks>
/// A step that failed (ERROR or any answer the contract does not know) and a step the agent answered
/// <c>NOT SURE</c> are counted apart: NOT SURE means the agent stopped and said why, which an operator
/// reads differently from a crash or a browser error.
/// </remarks>
public sealed record StatsSnapshot(
    IReadOnlyList<DateTimeOffset> Minutes, double[] ActiveSessions, double[] StepsPerMinute, double[] ErrorRatePercent,
    double[] NotSureRatePercent, double[] P50Ms, double[] P95Ms, int StepsLastHour, int FailedStepsLastHour, int NotSureStepsLastHour,
    int ErrorsLastHour, double? P50HourMs, double? P95HourMs);

/// <summary>
/// Keeps the overview's numbers: steps, failed steps (answers other than DONE, CONTINUE, ASK_USER
/// and NOT SURE), NOT SURE answers, error events and step durations per minute for the last hour, and the peak of live
/// sessions per minute. Fed by the event bus from start-up (and back-filled from the last hour of
/// recorded steps), so the charts are full when an operator opens the page. Thread-safe.
/// </summary>
public sealed class OpsStats(OpsEventBus bus, TimeProvider clock, IServiceProvider services, ILogger<OpsStats> logger) : BackgroundService
{
    public const int Minutes = 60;
    private const int MaxSamplesPerMinute = 5000;
    private readonly Lock _gate = new();
    private readonly Bucket[] _buckets = Enumerable.Range(0, Minutes).Select(_ => new Bucket()).ToArray();

    public void Record(OpsEvent e)
    {
        lock (_gate)
        {
            var b = BucketFor(e.At);
            if (b is null)
            {
                return;
            }
            switch (e.Kind)
            {
                case OpsEventKinds.StepFinished:
                    AddStep(b, e.Status, e.DurationMs);
                    break;
                case OpsEventKinds.Error:
                    b.Errors++;
                    break;
            }
        }
    }

    public void SampleActive(int live)
    {
        lock (_gate)
        {
            var b = BucketFor(clock.GetUtcNow());
            if (b is not null)
            {
                b.Active = Math.Max(b.Active, live);
            }
        }
    }

    public StatsSnapshot Snapshot()
    {
        if (services.GetService<SessionService>() is { } sessions)
        {
            SampleActive(sessions.LiveCount);
        }
        lock (_gate)
        {
            var now = MinuteOf(clock.GetUtcNow());
            var minutes = new List<DateTimeOffset>(Minutes);
            double[] active = new double[Minutes], steps = new double[Minutes], rate = new double[Minutes], notSure = new double[Minutes], p50 = new double[Minutes], p95 = new double[Minutes];
            var all = new List<double>();
            int totalSteps = 0, totalFailed = 0, totalNotSure = 0, totalErrors = 0;
            for (var i = 0; i < Minutes; i++)
            {
                var minute = now - (Minutes - 1) + i;
                minutes.Add(DateTimeOffset.FromUnixTimeSeconds(minute * 60));
                var b = _buckets[(int)(minute % Minutes)];
                if (b.Minute != minute)
                {
                    continue;
                }
                active[i] = b.Active;
                steps[i] = b.Steps;
                rate[i] = b.Steps == 0 ? 0 : Math.Round(100.0 * b.Failed / b.Steps, 1);
                notSure[i] = b.Steps == 0 ? 0 : Math.Round(100.0 * b.NotSure / b.Steps, 1);
                var sorted = b.Durations.Order().ToList();
                p50[i] = Percentile(sorted, 0.50) ?? 0;
                p95[i] = Percentile(sorted, 0.95) ?? 0;
                all.AddRange(b.Durations);
                totalSteps += b.Steps;
                totalFailed += b.Failed;
                totalNotSure += b.NotSure;
                totalErrors += b.Errors;
            }
            all.Sort();
            return new StatsSnapshot(minutes, active, steps, rate, notSure, p50, p95, totalSteps, totalFailed, totalNotSure, totalErrors, Percentile(all, 0.5), Percentile(all, 0.95));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = bus.Subscribe();
        await BackfillAsync(stoppingToken);
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5), clock);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (services.GetService<SessionService>() is { } sessions)
                {
                    SampleActive(sessions.LiveCount);
                }
            }
        }, stoppingToken);
        try
        {
            await foreach (var e in subscription.Reader.ReadAllAsync(stoppingToken))
            {
                Record(e);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        try
        {
            await sampler;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task BackfillAsync(CancellationToken ct)
    {
        if (services.GetService<IDbContextFactory<OpsDbContext>>() is not { } dbf)
        {
            return;
        }
        try
        {
            var since = clock.GetUtcNow().AddMinutes(-Minutes);
            await using var db = await dbf.CreateDbContextAsync(ct);
            var steps = await db.Steps.AsNoTracking().Where(s => s.StartedAt >= since && s.FinishedAt != null && s.Kind != "create")
                .Select(s => new { s.FinishedAt, s.Status, s.DurationMs }).ToListAsync(ct);
            lock (_gate)
            {
                foreach (var s in steps)
                {
                    if (BucketFor(s.FinishedAt!.Value) is { } b)
                    {
                        AddStep(b, s.Status, s.DurationMs);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The database may not be migrated yet on a first start; the charts then start empty.
            logger.LogDebug(ex, "Overview back-fill skipped");
        }
    }

    private static void AddStep(Bucket b, string? status, double? durationMs)
    {
        b.Steps++;
        if (status == StepStatus.NotSure)
        {
            b.NotSure++;
        }
        else if (status is not (StepStatus.Done or StepStatus.Continue or StepStatus.AskUser))
        {
            b.Failed++;
        }
        if (durationMs is { } ms && b.Durations.Count < MaxSamplesPerMinute)
        {
            b.Durations.Add(ms);
        }
    }

    private Bucket? BucketFor(DateTimeOffset at)
    {
        var minute = MinuteOf(at);
        if (minute <= MinuteOf(clock.GetUtcNow()) - Minutes)
        {
            return null;
        }
        var b = _buckets[(int)(minute % Minutes)];
        if (b.Minute != minute)
        {
            b.Reset(minute);
        }
        return b;
    }

    private static long MinuteOf(DateTimeOffset at) => at.ToUnixTimeSeconds() / 60;

    private static double? Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? null : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)], 1);

    private sealed class Bucket
    {
        public long Minute = -1;
        public int Steps;
        public int Failed;
        public int NotSure;
        public int Errors;
        public int Active;
        public List<double> Durations { get; } = [];

        public void Reset(long minute)
        {
            Minute = minute;
            Steps = Failed = NotSure = Errors = Active = 0;
            Durations.Clear();
        }
    }
}
