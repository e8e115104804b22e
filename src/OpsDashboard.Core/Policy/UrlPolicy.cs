using System.Net;
using System.Net.Sockets;

namespace OpsDashboard.Core.Policy;

/// <summary>
/// Which URLs and addresses a session's browser may reach: the one rule every navigation and
/// every connection is checked against (the API's <c>url</c> fields, the agent's <c>go to</c>, and
/// the egress proxy that every browser connection goes through).
/// <list type="bullet">
/// <item>Only <c>http</c> and <c>https</c>; no user name or password in the URL.</item>
/// <item>Host names are resolved and every address checked, so a DNS name is no way around it.</item>
/// <item>Loopback only for this app's own ports (the practice site) unless <c>Ops:AllowLoopback</c>.</item>
/// <item>Private, link-local, carrier-grade NAT, unique-local, multicast, unspecified and reserved
/// addresses (also IPv4-mapped, NAT64 and 6to4 spellings of them) only with
/// <c>Ops:AllowPrivateNetworks</c>.</item>
/// <item><c>Ops:AllowedHosts</c> entries (<c>host</c> or <c>host:port</c>) are always allowed.</item>
/// </list>
/// </summary>
public sealed class UrlPolicy
{
    /// <summary>Names that mean a cloud metadata service, refused even before they resolve.</summary>
    private static readonly HashSet<string> MetadataNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal",
    };

    private readonly bool _allowPrivateNetworks;
    private readonly bool _allowLoopback;
    private readonly HashSet<string> _allowedHosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<(string Host, int Port)> _allowedHostPorts = [];
    private readonly SelfEndpoints _self;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;

    public UrlPolicy(bool allowPrivateNetworks = false, IReadOnlyCollection<string>? allowedHosts = null, bool allowLoopback = false,
        SelfEndpoints? self = null, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        _allowPrivateNetworks = allowPrivateNetworks;
        _allowLoopback = allowLoopback;
        _self = self ?? new SelfEndpoints();
        _resolve = resolve ?? ((host, ct) => Dns.GetHostAddressesAsync(host, ct));
        foreach (var entry in allowedHosts ?? [])
        {
            var (host, port) = SplitHostPort(entry.Trim());
            if (host.Length == 0)
            {
                continue;
            }
            if (port is { } p)
            {
                _allowedHostPorts.Add((host, p));
            }
            else
            {
                _allowedHosts.Add(host);
            }
        }
    }

    /// <summary>This app's own listening ports (filled in once the server listens).</summary>
    public SelfEndpoints Self => _self;

    /// <summary>
    /// Null when <paramref name="url"/> may be opened as far as its text tells (scheme, credentials,
    /// an address written as an IP in any spelling), else a sentence saying why not and what to do.
    /// Host names are not resolved here: <see cref="CheckAsync"/> does that.
    /// </summary>
    public string? Check(string url, out Uri? parsed)
    {
        parsed = null;
        if (string.IsNullOrWhiteSpace(url))
        {
            return "The url is empty: send an absolute http:// or https:// address.";
        }
        var trimmed = url.Trim();
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri))
        {
            return trimmed.StartsWith("view-source:", StringComparison.OrdinalIgnoreCase)
                ? SchemeMessage("view-source")
                : $"'{Shorten(url)}' is not an absolute URL: send something like https://example.com/page.";
        }
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            return SchemeMessage(uri.Scheme);
        }
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "URLs with a user name or password in them are not allowed: sign in through the page instead.";
        }
        var host = uri.IdnHost.Trim('[', ']');
        if (IsAllowListed(host, uri.Port))
        {
            parsed = uri;
            return null;
        }
        if (MetadataNames.Contains(host.TrimEnd('.')))
        {
            return $"The host {host} is a cloud metadata service, which the URL policy never opens.";
        }
        if (IPAddress.TryParse(host, out var ip) && CheckAddress(host, uri.Port, ip) is { } refused)
        {
            return refused;
        }
        parsed = uri;
        return null;
    }

    /// <summary>
    /// <see cref="Check"/>, then the host name resolved and every address it resolves to checked
    /// (a name that resolves to a private address is refused like the address itself).
    /// </summary>
    public async Task<UrlCheck> CheckAsync(string url, CancellationToken ct)
    {
        if (Check(url, out var uri) is { } problem)
        {
            return new UrlCheck(null, problem);
        }
        var decision = await CheckConnectAsync(uri!.IdnHost, uri.Port, ct);
        return new UrlCheck(decision.Refusal is null ? uri : null, decision.Refusal);
    }

    /// <summary>
    /// Whether a connection to <paramref name="host"/>:<paramref name="port"/> may be made, and to which
    /// addresses: the host resolved once, every address checked, the caller connects only to the
    /// addresses answered (so a second lookup cannot answer something else).
    /// </summary>
    public async Task<ConnectDecision> CheckConnectAsync(string host, int port, CancellationToken ct)
    {
        host = host.Trim().Trim('[', ']').TrimEnd('.');
        if (host.Length == 0)
        {
            return ConnectDecision.Refused("The request named no host.");
        }
        var allowListed = IsAllowListed(host, port);
        if (!allowListed && MetadataNames.Contains(host))
        {
            return ConnectDecision.Refused($"The host {host} is a cloud metadata service, which the URL policy never opens.");
        }
        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(10));
                addresses = await _resolve(host, timeout.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException or ArgumentException)
            {
                if (ct.IsCancellationRequested)
                {
                    throw;
                }
                return ConnectDecision.Refused($"The host {host} could not be resolved ({(ex is OperationCanceledException ? "no DNS answer within 10 s" : ex.Message)}), so it cannot be opened.");
            }
            if (addresses.Length == 0)
            {
                return ConnectDecision.Refused($"The host {host} resolved to no address, so it cannot be opened.");
            }
        }
        if (!allowListed)
        {
            foreach (var address in addresses)
            {
                if (CheckAddress(host, port, address) is { } refusal)
                {
                    return ConnectDecision.Refused(refusal);
                }
            }
        }
        return new ConnectDecision(addresses, null);
    }

    /// <summary>Null when a connection to <paramref name="address"/> (reached as <paramref name="host"/>) is allowed, else why not.</summary>
    public string? CheckAddress(string host, int port, IPAddress address)
    {
        if (IsAllowListed(host, port) || IsAllowListed(address.ToString(), port))
        {
            return null;
        }
        var range = Classify(address);
        if (range is not (AddressRange.Unspecified or AddressRange.Multicast or AddressRange.Broadcast) && _self.Matches(address, port))
        {
            return null; // this app itself, reached on loopback or on one of this machine's own addresses
        }
        var shown = Unwrap(address).ToString();
        var named = string.Equals(host, shown, StringComparison.OrdinalIgnoreCase) || string.Equals(host, address.ToString(), StringComparison.OrdinalIgnoreCase)
            ? $"The address {shown}"
            : $"The host {host} resolves to {shown}, which";
        switch (range)
        {
            case AddressRange.Public:
                return null;
            case AddressRange.Loopback:
                if (_allowLoopback)
                {
                    return null;
                }
                return $"{named} is a loopback address on port {port}, not this gateway's own port: the URL policy opens only this " +
                       $"app's own pages on loopback. Add {FormatHostPort(host, port)} to Ops:AllowedHosts (or set Ops:AllowLoopback=true) to open it.";
            case AddressRange.Private or AddressRange.LinkLocal or AddressRange.CarrierNat or AddressRange.UniqueLocal:
                if (_allowPrivateNetworks)
                {
                    return null;
                }
                return $"{named} is in a private network range ({Describe(range)}), not allowed by the URL policy. " +
                       $"Add the host to Ops:AllowedHosts (or set Ops:AllowPrivateNetworks=true) to open it.";
            default:
                return $"{named} is {Describe(range)}: the URL policy never opens it.";
        }
    }

    /// <summary>Private, link-local, CGNAT and unique-local ranges (any spelling); loopback is not counted as private.</summary>
    public static bool IsPrivate(IPAddress ip) =>
        Classify(ip) is AddressRange.Private or AddressRange.LinkLocal or AddressRange.CarrierNat or AddressRange.UniqueLocal or AddressRange.Unspecified;

    /// <summary>Which kind of range an address is in; IPv4 written inside IPv6 (mapped, compatible, NAT64, 6to4) counts as that IPv4.</summary>
    public static AddressRange Classify(IPAddress ip)
    {
        ip = Unwrap(ip);
        var b = ip.GetAddressBytes();
        if (b.Length == 4)
        {
            return b switch
            {
                [127, ..] => AddressRange.Loopback,
                [0, ..] => AddressRange.Unspecified,
                [10, ..] => AddressRange.Private,
                [172, >= 16 and <= 31, ..] => AddressRange.Private,
                [192, 168, ..] => AddressRange.Private,
                [169, 254, ..] => AddressRange.LinkLocal,
                [100, >= 64 and <= 127, ..] => AddressRange.CarrierNat,
                [192, 0, 0, _] or [192, 0, 2, _] or [198, 51, 100, _] or [203, 0, 113, _] or [198, 18 or 19, ..] => AddressRange.Reserved,
                [>= 224 and <= 239, ..] => AddressRange.Multicast,
                [255, 255, 255, 255] => AddressRange.Broadcast,
                [>= 240, ..] => AddressRange.Reserved,
                _ => AddressRange.Public,
            };
        }
        if (IPAddress.IPv6Loopback.Equals(ip))
        {
            return AddressRange.Loopback;
        }
        if (IPAddress.IPv6Any.Equals(ip))
        {
            return AddressRange.Unspecified;
        }
        if (ip.IsIPv6Multicast)
        {
            return AddressRange.Multicast;
        }
        if (ip.IsIPv6LinkLocal)
        {
            return AddressRange.LinkLocal;
        }
        if (ip.IsIPv6SiteLocal || (b[0] & 0xFE) == 0xFC)
        {
            return AddressRange.UniqueLocal;
        }
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
        {
            return AddressRange.Reserved; // 2001:db8::/32, documentation
        }
        // Anything else outside the global unicast block 2000::/3 is not a public internet address.
        return (b[0] & 0xE0) == 0x20 ? AddressRange.Public : AddressRange.Reserved;
    }

    /// <summary>The IPv4 address an IPv6 address carries (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16).</summary>
    public static IPAddress Unwrap(IPAddress ip)
    {
        if (ip.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return ip;
        }
        if (ip.IsIPv4MappedToIPv6)
        {
            return ip.MapToIPv4();
        }
        var b = ip.GetAddressBytes();
        var zeroesBefore12 = b.Take(12).All(x => x == 0);
        if (zeroesBefore12 && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] <= 1))
        {
            return new IPAddress(b[12..16]); // IPv4-compatible (deprecated, still parsed)
        }
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.Skip(4).Take(8).All(x => x == 0))
        {
            return new IPAddress(b[12..16]); // NAT64 well-known prefix
        }
        if (b[0] == 0x20 && b[1] == 0x02)
        {
            return new IPAddress(b[2..6]); // 6to4
        }
        return ip;
    }

    private bool IsAllowListed(string host, int port) =>
        _allowedHosts.Contains(host) || _allowedHostPorts.Contains((host, port))
        || _allowedHosts.Contains($"[{host}]") || _allowedHostPorts.Contains(($"[{host}]", port));

    private static (string Host, int? Port) SplitHostPort(string entry)
    {
        if (entry.StartsWith('['))
        {
            var close = entry.IndexOf(']');
            if (close > 0)
            {
                var host = entry[1..close];
                return close + 1 < entry.Length && entry[close + 1] == ':' && int.TryParse(entry[(close + 2)..], out var p6) ? (host, p6) : (host, null);
            }
        }
        var colon = entry.LastIndexOf(':');
        if (colon > 0 && entry.IndexOf(':') == colon && int.TryParse(entry[(colon + 1)..], out var port))
        {
            return (entry[..colon], port);
        }
        return (entry, null);
    }

    private static string FormatHostPort(string host, int port) => host.Contains(':') ? $"[{host}]:{port}" : $"{host}:{port}";

    private static string Describe(AddressRange range) => range switch
    {
        AddressRange.Private => "RFC 1918",
        AddressRange.LinkLocal => "link-local, where cloud metadata services live",
        AddressRange.CarrierNat => "carrier-grade NAT",
        AddressRange.UniqueLocal => "IPv6 unique-local",
        AddressRange.Multicast => "a multicast address",
        AddressRange.Broadcast => "the broadcast address",
        AddressRange.Unspecified => "an unspecified address (0.0.0.0 or ::)",
        AddressRange.Reserved => "a reserved or documentation address",
        _ => range.ToString(),
    };

    private static string SchemeMessage(string scheme) =>
        $"URLs with the '{scheme}:' scheme are not allowed: only http:// and https:// pages can be opened.";

    private static string Shorten(string s) => s.Length > 80 ? s[..80] + "…" : s;
}

/// <summary>The kinds of address range the policy tells apart.</summary>
public enum AddressRange
{
    Public,
    Loopback,
    Private,
    LinkLocal,
    CarrierNat,
    UniqueLocal,
    Multicast,
    Broadcast,
    Unspecified,
    Reserved,
}

/// <summary>A URL checked with its host resolved: <see cref="Uri"/> when it may be opened, else <see cref="Refusal"/>.</summary>
public sealed record UrlCheck(Uri? Uri, string? Refusal);

/// <summary>Where a connection may go (<see cref="Addresses"/>, already checked) or why it may not.</summary>
public sealed record ConnectDecision(IReadOnlyList<IPAddress> Addresses, string? Refusal)
{
    public static ConnectDecision Refused(string why) => new([], why);
}

/// <summary>
/// This app's own listening ports: loopback (or a local interface address) on one of these ports is
/// the gateway itself, whose practice site sessions may always open.
/// </summary>
public sealed class SelfEndpoints
{
    private volatile int[] _ports = [];
    private volatile HashSet<IPAddress>? _localAddresses;

    public IReadOnlyList<int> Ports => _ports;

    public void SetPorts(IEnumerable<int> ports) => _ports = ports.Distinct().ToArray();

    public bool Matches(IPAddress address, int port)
    {
        if (Array.IndexOf(_ports, port) < 0)
        {
            return false;
        }
        address = UrlPolicy.Unwrap(address);
        return IPAddress.IsLoopback(address) || LocalAddresses().Contains(address);
    }

    private HashSet<IPAddress> LocalAddresses()
    {
        if (_localAddresses is { } known)
        {
            return known;
        }
        var set = new HashSet<IPAddress>();
        try
        {
            foreach (var nic in System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces())
            {
                foreach (var a in nic.GetIPProperties().UnicastAddresses)
                {
                    set.Add(UrlPolicy.Unwrap(a.Address));
                }
            }
        }
        catch (System.Net.NetworkInformation.NetworkInformationException)
        {
        }
        return _localAddresses = set;
    }
}

/// <summary>
/// A navigation the URL policy refused: thrown by the page driver before (or right after) the
/// browser tried to open <see cref="Url"/>; the session is left on its previous page.
/// </summary>
public sealed class NavigationRefusedException(string url, string reason)
    : Exception($"Refused to open {url}: {reason}")
{
    public string Url { get; } = url;

    public string Reason { get; } = reason;
}
