using Microsoft.AspNetCore.Components;

namespace OpsDashboard.Web.Components.Controls;

/// <summary>
/// Time left until a lease (or the hard cap) ends, ticking each second. Colours are relative to the
/// configured idle timeout (<c>Ops:IdleTimeout</c>): amber in its last quarter, red in its last tenth
/// (never below 10 s); "ended" once the session is over.
/// </summary>
public partial class LeaseCountdown
{
    public const double AmberFraction = 0.25;
    public const double RedFraction = 0.10;

    [Parameter]
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>False for ended sessions.</summary>
    [Parameter]
    public bool Live { get; set; } = true;

    /// <summary>Whether colours apply (off for the max-lifetime column, which only informs).</summary>
    [Parameter]
    public bool Warn { get; set; } = true;

    [Parameter]
    public string Label { get; set; } = "Lease ends";

    [Inject]
    private Microsoft.Extensions.Options.IOptions<Configuration.OpsOptions> Options { get; set; } = default!;

    private TimeSpan Left => ExpiresAt is { } e ? e - Now : TimeSpan.Zero;

    /// <summary>When a lease of this idle timeout turns amber (and a warning shows).</summary>
    public static TimeSpan AmberBelow(TimeSpan idle) => TimeSpan.FromTicks(Math.Max((long)(idle.Ticks * AmberFraction), TimeSpan.FromSeconds(15).Ticks));

    /// <summary>When it turns red.</summary>
    public static TimeSpan RedBelow(TimeSpan idle) => TimeSpan.FromTicks(Math.Max((long)(idle.Ticks * RedFraction), TimeSpan.FromSeconds(10).Ticks));

    /// <summary>The colour class for a given time left under an idle timeout: lease-red, lease-amber or lease-ok.</summary>
    public static string ClassFor(TimeSpan left, TimeSpan idle) =>
        left < RedBelow(idle) ? "lease-red" : left < AmberBelow(idle) ? "lease-amber" : "lease-ok";

    private string CssClass => Warn ? ClassFor(Left, Options.Value.IdleTimeout) : "lease-ok";
}
