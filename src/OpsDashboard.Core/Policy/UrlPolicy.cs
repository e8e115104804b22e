using System.Net;

namespace OpsDashboard.Core.Policy;

/// <summary>
/// Which URLs a session's browser may open. Only http and https; no credentials in the URL.
/// Loopback is allowed (the built-in practice site and local tools live there); other private
/// ranges only when allow-listed, so a gateway on a company network is not a bridge into it.
/// </summary>
public sealed class UrlPolicy(bool allowPrivateNetworks = false, IReadOnlyCollection<string>? allowedHosts = null)
{
    private readonly HashSet<string> _allowedHosts = new(allowedHosts ?? [], StringComparer.OrdinalIgnoreCase);

    /// <summary>Null when <paramref name="url"/> may be opened, else a sentence saying why not and what to do.</summary>
    public string? Check(string url, out Uri? parsed)
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(url))
        {
            return "The url is empty: send an absolute http:// or https:// address.";
        }
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri))
        {
            return $"'{Shorten(url)}' is not an absolute URL: send something like https://example.com/page.";
        }
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return $"URLs with the '{uri.Scheme}:' scheme are not allowed: only http:// and https:// pages can be opened.";
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "URLs with a user name or password in them are not allowed: sign in through the page instead.";
        }
        if (!_allowedHosts.Contains(uri.Host) && !allowPrivateNetworks && IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IsPrivate(ip))
        {
            return $"The address {uri.Host} is in a private network range, which the URL policy does not allow. " +
                   "Add the host to Ops:AllowedHosts (or set Ops:AllowPrivateNetworks=true) to open it.";
        }
        parsed = uri;
        return null;
    }

    /// <summary>Private, link-local and unique-local ranges; loopback is not counted as private.</summary>
    public static bool IsPrivate(IPAddress ip)
    {
        if (IPAddress.IsLoopback(ip))
        {
            return false;
        }
        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }
        var b = ip.GetAddressBytes();
        if (b.Length == 4)
        {
            return b[0] == 10
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                || b[0] == 0;
        }
        return ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal || (b[0] & 0xFE) == 0xFC;
    }

    private static string Shorten(string s) => s.Length > 80 ? s[..80] + "…" : s;
}
