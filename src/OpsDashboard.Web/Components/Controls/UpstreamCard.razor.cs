using Microsoft.AspNetCore.Components;
using MudBlazor;
using OpsDashboard.Web.Upstream;

namespace OpsDashboard.Web.Components.Controls;

/// <summary>One hosted upstream on the overview: its circuit breaker's state and since when, the last failure, the last billing error.</summary>
public partial class UpstreamCard
{
    /// <summary>The upstream's health as <see cref="UpstreamHealth"/> reports it.</summary>
    [Parameter, EditorRequired]
    public UpstreamStatus Upstream { get; set; } = default!;

    private string CircuitText => Upstream.Circuit switch
    {
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half-open",
        _ => "closed",
    };

    private Color CircuitColor => Upstream.Circuit switch
    {
        CircuitState.Open => Color.Error,
        CircuitState.HalfOpen => Color.Warning,
        _ => Color.Success,
    };
}
