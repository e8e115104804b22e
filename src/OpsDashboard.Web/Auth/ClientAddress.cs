using System.Net;
using System.Net.Sockets;

namespace OpsDashboard.Web.Auth;

/// <summary>
/// The client address a limit is counted against: the connection's IPv4 address (IPv4-mapped IPv6
/// unwrapped), or the /64 an IPv6 address sits in, because one host routinely holds a whole /64
/// and could otherwise present a fresh address per request.
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpContext http) => Of(http.Connection.RemoteIpAddress);

    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
