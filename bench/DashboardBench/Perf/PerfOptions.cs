using System.Globalization;

namespace DashboardBench.Perf;

/// <summary>Switches of the <c>perf</c> command (see Program.cs for the usage line).</summary>
internal sealed record PerfOptions(
    int Sessions,
    double Rate,
    int Stepping,
    double StepRate,
    bool FillWithRenews,
    TimeSpan Window,
    int HubClients,
    int RenderRuns,
    int Port)
{
    public static PerfOptions Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }
        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var fill = Get("fill", "renew");
        if (fill is not ("renew" or "none"))
        {
            throw new ArgumentException("--fill is renew or none");
        }
        return new PerfOptions(
            Sessions: Int("sessions", 5000),
            Rate: double.Parse(Get("rate", "200"), CultureInfo.InvariantCulture),
            Stepping: Int("stepping", 8),
            StepRate: double.Parse(Get("step-rate", "6"), CultureInfo.InvariantCulture),
            FillWithRenews: fill == "renew",
            Window: TimeSpan.FromSeconds(Int("window", 12)),
            HubClients: Int("hub-clients", 20),
            RenderRuns: Int("render-runs", 3),
            Port: Int("port", 0));
    }
}
