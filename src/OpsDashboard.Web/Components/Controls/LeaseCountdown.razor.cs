using Microsoft.AspNetCore.Components;

namespace OpsDashboard.Web.Components.Controls;

/// <summary>
/// Time left until a lease (or the hard cap) ends, ticking each second: plain above two minutes,
/// amber below two minutes, red below thirty seconds; "ended" once the session is over.
/// </summary>
public partial class LeaseCountdown
{
    public static readonly TimeSpan AmberBelow = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan RedBelow = TimeSpan.FromSeconds(30);

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

    private TimeSpan Left => ExpiresAt is { } e ? e - Now : TimeSpan.Zero;

    /// <summary>The colour class for a given time left: lease-red, lease-amber or lease-ok.</summary>
    public static string ClassFor(TimeSpan left) => left < RedBelow ? "lease-red" : left < AmberBelow ? "lease-amber" : "lease-ok";

    private string CssClass => Warn ? ClassFor(Left) : "lease-ok";
}
