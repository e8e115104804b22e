using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;

namespace OpsDashboard.Web.Components;

/// <summary>The document shell. Pages run interactively on the server, except sign-in and sign-out (static, to set cookies).</summary>
public partial class App
{
    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    // No prerendering: each page loads once, after its circuit connects, instead of twice.
    private IComponentRenderMode? PageRenderMode =>
        HttpContext.AcceptsInteractiveRouting() ? new InteractiveServerRenderMode(prerender: false) : null;
}
