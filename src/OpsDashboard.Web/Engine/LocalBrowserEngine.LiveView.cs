using Microsoft.Playwright;
using OpsDashboard.Web.LiveView;

namespace OpsDashboard.Web.Engine;

/// <summary>The local engine's live view: a DevTools session on the session's page (see <see cref="CdpLiveChannel"/>).</summary>
public sealed partial class LocalBrowserEngine : ILiveViewSource
{
    public async Task<ILiveChannel?> OpenLiveAsync(string sessionId, CancellationToken ct)
    {
        if (!_sessions.TryGetValue(sessionId, out var s))
        {
            return null;
        }
        try
        {
            var cdp = await s.Context.NewCDPSessionAsync(s.Page);
            return new CdpLiveChannel(cdp, s.Page, _options.LiveViewMaxFps);
        }
        catch (PlaywrightException ex)
        {
            logger.LogWarning("Session {SessionId}: the live view could not attach: {Error}", sessionId, FirstLine(ex.Message));
            return null;
        }
    }
}
