using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace OpsDashboard.Web.Diagnostics;

/// <summary>
/// Where a step's time went, phase by phase (settle wait, observation script, grounding, action,
/// navigation detection, grace, thumbnail, state save, database writes, events …), stored with the
/// step record as <c>PhasesJson</c> and shown on the step card. One instance per running step, found
/// through the async flow (<see cref="Current"/>), so the engine, the page driver and the event bus
/// note their share without it being passed along. Phases are summed when one runs several times
/// (two observations add up in <c>observe</c>). Phases not listed are the rest of the step (HTTP,
/// locks, the record's final write, which cannot include itself).
/// </summary>
public sealed class StepPhases
{
    private static readonly AsyncLocal<StepPhases?> Flow = new();
    private readonly List<(string Name, double Ms)> _phases = [];
    private readonly long _started = Stopwatch.GetTimestamp();

    /// <summary>The step running in this async flow, or null outside a step.</summary>
    public static StepPhases? Current => Flow.Value;

    /// <summary>Starts timing a step in the current async flow (its callees see it; its caller does not).</summary>
    public static StepPhases Begin()
    {
        var phases = new StepPhases();
        Flow.Value = phases;
        return phases;
    }

    /// <summary>Times a phase until disposed: <c>using (StepPhases.Time("observe")) { … }</c>. Free outside a step.</summary>
    public static Scope Time(string name) => new(Current, name);

    /// <summary>Adds <paramref name="elapsed"/> to the phase <paramref name="name"/> of the current step, if any.</summary>
    public static void Add(string name, TimeSpan elapsed) => Current?.AddMs(name, elapsed.TotalMilliseconds);

    /// <summary>The milliseconds noted so far for <paramref name="name"/>.</summary>
    public double Ms(string name)
    {
        lock (_phases)
        {
            return _phases.Where(p => p.Name == name).Sum(p => p.Ms);
        }
    }

    /// <summary>Milliseconds since the step began.</summary>
    public double ElapsedMs => Stopwatch.GetElapsedTime(_started).TotalMilliseconds;

    public void AddMs(string name, double ms)
    {
        lock (_phases)
        {
            var i = _phases.FindIndex(p => p.Name == name);
            if (i < 0)
            {
                _phases.Add((name, ms));
            }
            else
            {
                _phases[i] = (name, _phases[i].Ms + ms);
            }
        }
    }

    /// <summary><c>{"observe":12.3,"action":40.1,…}</c> in the order the phases first ran, milliseconds with one decimal.</summary>
    public string ToJson()
    {
        var sb = new StringBuilder("{");
        lock (_phases)
        {
            foreach (var (name, ms) in _phases)
            {
                if (sb.Length > 1)
                {
                    sb.Append(',');
                }
                sb.Append('"').Append(name).Append("\":").Append(Math.Round(ms, 1).ToString(CultureInfo.InvariantCulture));
            }
        }
        return sb.Append('}').ToString();
    }

    /// <summary>Parses what <see cref="ToJson"/> wrote (for the dashboard); empty for null or unreadable text.</summary>
    public static IReadOnlyList<(string Name, double Ms)> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            return [.. doc.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetDouble()))];
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }

    public readonly struct Scope(StepPhases? phases, string name) : IDisposable
    {
        private readonly long _start = phases is null ? 0 : Stopwatch.GetTimestamp();

        public void Dispose() => phases?.AddMs(name, Stopwatch.GetElapsedTime(_start).TotalMilliseconds);
    }
}
