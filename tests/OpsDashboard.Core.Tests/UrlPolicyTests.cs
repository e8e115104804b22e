using System.Net;
using OpsDashboard.Core.Policy;

namespace OpsDashboard.Core.Tests;

public class UrlPolicyTests
{
    private readonly UrlPolicy _policy = new();

    [Theory]
    [InlineData("http://example.com", "example.com")]
    [InlineData("https://example.com/a/b?c=1#d", "example.com")]
    [InlineData("HTTPS://EXAMPLE.COM/", "example.com")]
    [InlineData("https://8.8.8.8/", "8.8.8.8")]
    [InlineData("  https://example.com/padded  ", "example.com")]
    public void Check_PublicHttpAndHttps_AreAllowedAndParsed(string url, string host)
    {
        Assert.Null(_policy.Check(url, out var parsed));
        Assert.NotNull(parsed);
        Assert.Equal(host, parsed.Host);
    }

    [Theory]
    [InlineData("http://localhost:5000/practice")]
    [InlineData("http://127.0.0.1/")]
    [InlineData("http://127.5.5.5:8080/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    public void Check_Loopback_IsAllowed(string url)
    {
        Assert.Null(_policy.Check(url, out var parsed));
        Assert.NotNull(parsed);
    }

    [Theory]
    [InlineData("file:///etc/passwd", "file")]
    [InlineData("chrome://settings", "chrome")]
    [InlineData("javascript:alert(1)", "javascript")]
    [InlineData("data:text/html,<h1>hi</h1>", "data")]
    [InlineData("ftp://example.com/file", "ftp")]
    [InlineData("about:blank", "about")]
    public void Check_NonHttpSchemes_AreRefusedNamingTheScheme(string url, string scheme)
    {
        var message = _policy.Check(url, out var parsed);

        Assert.Null(parsed);
        Assert.NotNull(message);
        Assert.Contains($"'{scheme}:' scheme are not allowed", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Check_EmptyUrl_IsRefusedAsEmpty(string url)
    {
        Assert.Equal("The url is empty: send an absolute http:// or https:// address.", _policy.Check(url, out var parsed));
        Assert.Null(parsed);
    }

    [Theory]
    [InlineData("page.html")]
    [InlineData("example.com/page")]
    [InlineData("junk")]
    [InlineData("http//missing-colon.com")]
    public void Check_RelativeOrJunk_IsRefusedAsNotAbsolute(string url)
    {
        var message = _policy.Check(url, out var parsed);

        Assert.Null(parsed);
        Assert.Equal($"'{url}' is not an absolute URL: send something like https://example.com/page.", message);
    }

    [Fact]
    public void Check_RootRelativePath_IsRefused()
    {
        // On Unix "/x" parses as a file path, so only "refused" is portable here.
        Assert.NotNull(_policy.Check("/relative/path", out var parsed));
        Assert.Null(parsed);
    }

    [Fact]
    public void Check_VeryLongJunk_IsShortenedInTheMessage()
    {
        var junk = new string('x', 200);

        var message = _policy.Check(junk, out _);

        Assert.NotNull(message);
        Assert.Contains(new string('x', 80) + "…'", message, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('x', 81), message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://user:pass@example.com/")]
    [InlineData("https://user@example.com/")]
    [InlineData("https://:secret@example.com/")]
    public void Check_CredentialsInTheUrl_AreRefused(string url)
    {
        var message = _policy.Check(url, out var parsed);

        Assert.Null(parsed);
        Assert.Equal("URLs with a user name or password in them are not allowed: sign in through the page instead.", message);
    }

    [Theory]
    [InlineData("http://10.0.0.1/")]
    [InlineData("http://10.255.255.255/")]
    [InlineData("http://172.16.0.1/")]
    [InlineData("http://172.31.255.255/")]
    [InlineData("http://192.168.1.1/")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://100.64.0.1/")]
    [InlineData("http://0.0.0.0/")]
    [InlineData("http://[fd00::1]/")]
    [InlineData("http://[fc00::1]/")]
    [InlineData("http://[fe80::1]/")]
    [InlineData("http://[::ffff:10.0.0.1]/")]
    public void Check_PrivateRanges_AreRefusedByDefault(string url)
    {
        var message = _policy.Check(url, out var parsed);

        Assert.Null(parsed);
        Assert.NotNull(message);
        Assert.Contains("private network range", message, StringComparison.Ordinal);
        Assert.Contains("Ops:AllowedHosts", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://167772161/")]   // 10.0.0.1 as one decimal number
    [InlineData("http://0x0a.0.0.1/")]  // hex first octet
    [InlineData("http://012.0.0.1/")]   // octal first octet
    [InlineData("http://10.1/")]        // shorthand
    public void Check_ObfuscatedPrivateAddresses_AreStillRefused(string url)
    {
        var message = _policy.Check(url, out _);

        Assert.NotNull(message);
        Assert.Contains("The address 10.0.0.1 is in a private network range", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://172.15.255.255/")]
    [InlineData("http://172.32.0.1/")]
    [InlineData("http://192.169.0.1/")]
    [InlineData("http://11.0.0.1/")]
    public void Check_AddressesJustOutsidePrivateRanges_AreAllowed(string url) =>
        Assert.Null(_policy.Check(url, out _));

    [Fact]
    public void Check_AllowPrivateNetworks_OpensPrivateAddresses()
    {
        var policy = new UrlPolicy(allowPrivateNetworks: true);

        Assert.Null(policy.Check("http://10.0.0.1/", out var parsed));
        Assert.NotNull(parsed);
        Assert.Null(policy.Check("http://[fd00::1]/", out _));
    }

    [Fact]
    public void Check_AllowPrivateNetworks_StillRefusesBadSchemesAndCredentials()
    {
        var policy = new UrlPolicy(allowPrivateNetworks: true);

        Assert.NotNull(policy.Check("file:///etc/passwd", out _));
        Assert.NotNull(policy.Check("http://u:p@10.0.0.1/", out _));
    }

    [Fact]
    public void Check_AllowListedHost_IsOpenedButOtherPrivateHostsAreNot()
    {
        var policy = new UrlPolicy(allowedHosts: ["10.0.0.5"]);

        Assert.Null(policy.Check("http://10.0.0.5:8080/x", out var parsed));
        Assert.Equal(8080, parsed!.Port);
        Assert.NotNull(policy.Check("http://10.0.0.6/", out _));
    }

    [Fact]
    public void Check_PrivateAddressMessage_NamesTheAddress()
    {
        Assert.StartsWith("The address 192.168.1.1 is in a private network range", _policy.Check("http://192.168.1.1/", out _), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("8.8.8.8", false)]
    [InlineData("172.15.0.1", false)]
    [InlineData("172.32.0.1", false)]
    [InlineData("100.63.255.255", false)]
    [InlineData("100.128.0.1", false)]
    [InlineData("2001:db8::1", false)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.16.0.0", true)]
    [InlineData("172.31.0.1", true)]
    [InlineData("192.168.0.1", true)]
    [InlineData("169.254.1.1", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("0.1.2.3", true)]
    [InlineData("fd12:3456::1", true)]
    [InlineData("fc00::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fec0::1", true)]
    [InlineData("::ffff:192.168.0.1", true)]
    public void IsPrivate_ClassifiesAddresses(string address, bool expected) =>
        Assert.Equal(expected, UrlPolicy.IsPrivate(IPAddress.Parse(address)));
}
