using Microsoft.Playwright;
using OpsDashboard.Core.Policy;

namespace OpsDashboard.Web.Engine;

/// <summary>
/// Where a navigation of a session's page is checked, in the order the layers act:
/// <list type="number">
/// <item>before the browser is asked to open a URL (the first page, <c>go to</c>, the LLM planner's
/// tool call): <see cref="UrlPolicy.CheckAsync"/>, scheme and every resolved address;</item>
/// <item>while the page loads: the <see cref="EgressProxy"/> refuses any connection to a forbidden
/// address (redirects, links, scripts, frames, form posts) and records it on the context's port;</item>
/// <item>after an action or a step: <see cref="RestoreIfRefusedAsync"/> sees the main frame on a
/// refused or non-web document and takes the page back to where it was, with the reason.</item>
/// </list>
/// </summary>
public sealed class NavigationGate(UrlPolicy policy)
{
    /// <summary>Opens <paramref name="url"/> if the policy allows it; otherwise, or when the page ends up refused, throws <see cref="NavigationRefusedException"/> with the page back on <paramref name="fallbackUrl"/>.</summary>
    public async Task GotoAsync(IPage page, ProxyPort? port, string url, string? fallbackUrl, CancellationToken ct)
    {
        var check = await policy.CheckAsync(url, ct);
        if (check.Refusal is { } refusal)
        {
            throw new NavigationRefusedException(Shorten(url), refusal);
        }
        var mark = port?.Mark ?? 0;
        IResponse? response;
        try
        {
            response = await page.GotoAsync(check.Uri!.AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        }
        catch (PlaywrightException) when (port is not null && port.Since(mark).LastOrDefault(r => r.Refused) is { } refused)
        {
            await RestoreAsync(page, port, fallbackUrl);
            throw new NavigationRefusedException(refused.Target, refused.Reason);
        }
        if (response is not null && await response.HeaderValueAsync(EgressProxy.RefusedHeader) is { Length: > 0 } header)
        {
            await RestoreAsync(page, port, fallbackUrl);
            throw new NavigationRefusedException(response.Url, Uri.UnescapeDataString(header));
        }
        if (port is not null && await RestoreIfRefusedAsync(page, port, mark, fallbackUrl) is { } late)
        {
            throw new NavigationRefusedException(late.Target, late.Reason);
        }
        // The proxy could not reach the site and answered its own error page: the browser "loaded" that, the site did not.
        if (port is not null && UnreachableSince(port, mark, page.Url) is { } unreachable)
        {
            throw new NavigationUnreachableException(page.Url, unreachable.Reason);
        }
    }

    /// <summary>
    /// After an action: when the main frame shows a document the proxy refused since <paramref name="mark"/>
    /// (a redirect, a link, a script's <c>location = …</c>), or any non-web document, the page is taken back
    /// to <paramref name="fallbackUrl"/> and the refusal answered; null when the page is fine.
    /// </summary>
    public async Task<EgressRefusal?> RestoreIfRefusedAsync(IPage page, ProxyPort port, long mark, string? fallbackUrl)
    {
        var current = page.Url;
        EgressRefusal? hit = null;
        if (!IsWebDocument(current))
        {
            hit = new EgressRefusal(0, DateTimeOffset.UtcNow, current, "", 0,
                $"only http:// and https:// pages can be shown, and the page went to '{Shorten(current)}'.", true);
        }
        else if (Uri.TryCreate(current, UriKind.Absolute, out var uri) || current.StartsWith("chrome-error:", StringComparison.Ordinal))
        {
            // A refused endpoint never serves anything but the proxy's refusal, so a page on one is a refused page
            // whenever it was refused; the browser's error page counts only for refusals since the mark.
            hit = current.StartsWith("chrome-error:", StringComparison.Ordinal)
                ? port.Since(mark).LastOrDefault(r => r.Refused)
                : port.Since(0).Where(r => r.Refused && uri is not null && SameEndpoint(uri, r))
                    .OrderByDescending(r => r.Target == current).ThenBy(r => r.Seq).FirstOrDefault();
        }
        if (hit is null)
        {
            return null;
        }
        await RestoreAsync(page, port, fallbackUrl);
        return hit;
    }

    /// <summary>Whether a page URL is a document sessions may be on (web pages, the blank page, the browser's own error page).</summary>
    public static bool IsWebDocument(string url) =>
        url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || url == "about:blank" || url.StartsWith("chrome-error://", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="html"/> is the egress proxy's own page for a site it could not reach or refused (not the site's content).</summary>
    public static bool IsProxyErrorPage(string html) => html.Contains(EgressProxy.ErrorPageMarker, StringComparison.Ordinal);

    /// <summary>The proxy's record that it could not reach <paramref name="url"/>'s endpoint since <paramref name="mark"/> (so the page there is its error page), or null.</summary>
    public static EgressRefusal? UnreachableSince(ProxyPort port, long mark, string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? port.Since(mark).LastOrDefault(r => !r.Refused && SameEndpoint(uri, r)) : null;

    private static bool SameEndpoint(Uri page, EgressRefusal r) =>
        string.Equals(page.IdnHost.Trim('[', ']'), r.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase) && page.Port == r.Port;

    /// <summary>Whether <paramref name="url"/> is on an endpoint this context's proxy has refused (so the page there is a refusal, not the site).</summary>
    public static bool IsRefusedPage(ProxyPort port, string url) =>
        url.StartsWith("chrome-error:", StringComparison.Ordinal)
        || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && port.Since(0).Any(r => r.Refused && SameEndpoint(uri, r)));

    /// <summary>Back to the page before (history first, so its state survives), else to <paramref name="fallbackUrl"/>, else blank.</summary>
    private async Task RestoreAsync(IPage page, ProxyPort? port, string? fallbackUrl)
    {
        bool OnRealPage() => IsWebDocument(page.Url) && page.Url != "about:blank" && (port is null ? !page.Url.StartsWith("chrome-error:", StringComparison.Ordinal) : !IsRefusedPage(port, page.Url));
        if (OnRealPage())
        {
            return; // the refused navigation never left the page
        }
        try
        {
            await page.GoBackAsync(new PageGoBackOptions { WaitUntil = WaitUntilState.Load, Timeout = 10_000 });
        }
        catch (PlaywrightException)
        {
        }
        catch (TimeoutException)
        {
        }
        if (OnRealPage())
        {
            return; // history took it back to a real page
        }
        if (fallbackUrl is not null && IsWebDocument(fallbackUrl) && (port is null || !IsRefusedPage(port, fallbackUrl))
            && !string.Equals(page.Url, fallbackUrl, StringComparison.Ordinal)
            && (policy.Check(fallbackUrl, out _) is null || fallbackUrl == "about:blank"))
        {
            try
            {
                await page.GotoAsync(fallbackUrl, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = 15_000 });
                return;
            }
            catch (PlaywrightException)
            {
            }
            catch (TimeoutException)
            {
            }
        }
        if (!IsWebDocument(page.Url) || (port is not null && IsRefusedPage(port, page.Url)))
        {
            await page.GotoAsync("about:blank");
        }
    }

    private static string Shorten(string s) => s.Length > 120 ? s[..120] + "…" : s;
}

/// <summary>A navigation whose site could not be reached (the egress proxy answered its own error page instead): the page did not load.</summary>
public sealed class NavigationUnreachableException(string url, string reason) : Exception($"{url} could not be opened: {reason}")
{
    public string Url { get; } = url;

    public string Reason { get; } = reason;
}
