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
    [InlineData("http://127.0.0.1/")]
    [InlineData("http://127.5.5.5:8080/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    [InlineData("http://2130706433:8080/")]   // 127.0.0.1 as one decimal number
    [InlineData("http://0x7f.1:8080/")]
    public void Check_LoopbackOnAPortThatIsNotOurs_IsRefusedSayingHowToAllowIt(string url)
    {
        var message = _policy.Check(url, out var parsed);

        Assert.Null(parsed);
        Assert.NotNull(message);
        Assert.Contains("loopback", message, StringComparison.Ordinal);
        Assert.Contains("Ops:AllowLoopback", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080/practice/")]
    [InlineData("http://[::1]:5080/practice/")]
    public void Check_LoopbackOnThisAppsOwnPort_IsAllowed(string url)
    {
        var policy = new UrlPolicy();
        policy.Self.SetPorts([5080]);

        Assert.Null(policy.Check(url, out var parsed));
        Assert.NotNull(parsed);
        Assert.NotNull(policy.Check("http://127.0.0.1:5081/", out _));
    }

    [Fact]
    public void Check_AllowLoopback_OpensEveryLoopbackPortButNotPrivateRanges()
    {
        var policy = new UrlPolicy(allowLoopback: true);

        Assert.Null(policy.Check("http://127.0.0.1:9999/", out _));
        Assert.Null(policy.Check("http://[::1]:1/", out _));
        Assert.NotNull(policy.Check("http://10.0.0.1/", out _));
    }

    [Fact]
    public void Check_AllowedHostWithPort_OpensOnlyThatPort()
    {
        var policy = new UrlPolicy(allowedHosts: ["127.0.0.1:8081", "[::1]:8082"]);

        Assert.Null(policy.Check("http://127.0.0.1:8081/x", out _));
        Assert.Null(policy.Check("http://[::1]:8082/x", out _));
        Assert.NotNull(policy.Check("http://127.0.0.1:8082/x", out _));
    }

    [Theory]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/")]
    [InlineData("http://METADATA.GOOGLE.INTERNAL./")]
    [InlineData("http://metadata/")]
    [InlineData("http://instance-data/latest/")]
    public void Check_CloudMetadataNames_AreRefusedBeforeAnyLookup(string url)
    {
        Assert.Contains("cloud metadata service", _policy.Check(url, out _), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("view-source:file:///etc/passwd", "view-source")]
    [InlineData("devtools://devtools/bundled/inspector.html", "devtools")]
    [InlineData("chrome-untrusted://terminal/", "chrome-untrusted")]
    [InlineData("blob:http://example.com/uuid", "blob")]
    public void Check_BrowserSchemes_AreRefused(string url, string scheme)
    {
        Assert.Contains($"'{scheme}:' scheme", _policy.Check(url, out _), StringComparison.Ordinal);
    }

    private static UrlPolicy WithDns(Dictionary<string, string[]> answers, bool allowLoopback = false) =>
        new(allowLoopback: allowLoopback, resolve: (host, _) => answers.TryGetValue(host, out var a)
            ? Task.FromResult(a.Select(IPAddress.Parse).ToArray())
            : Task.FromException<IPAddress[]>(new System.Net.Sockets.SocketException(11001)));

    [Theory]
    [InlineData("http://rebind.example/", "169.254.169.254")]
    [InlineData("http://intranet.example/", "10.1.2.3")]
    [InlineData("http://v6.example/", "fd00::5")]
    [InlineData("http://mixed.example/", "93.184.216.34,10.0.0.9")] // one bad address is enough
    [InlineData("http://loop.example:8080/", "127.0.0.1")]
    public async Task CheckAsync_ResolvesTheHost_AndRefusesWhenAnyAddressIsForbidden(string url, string addresses)
    {
        var host = new Uri(url).Host;
        var policy = WithDns(new() { [host] = addresses.Split(',') });

        var check = await policy.CheckAsync(url, CancellationToken.None);

        Assert.Null(check.Uri);
        Assert.Contains($"The host {host} resolves to", check.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_PublicName_IsAllowed_AndAnUnresolvableNameIsRefusedSayingSo()
    {
        var policy = WithDns(new() { ["example.com"] = ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"] });

        Assert.NotNull((await policy.CheckAsync("https://example.com/", CancellationToken.None)).Uri);
        var missing = await policy.CheckAsync("https://nowhere.example/", CancellationToken.None);
        Assert.Null(missing.Uri);
        Assert.Contains("could not be resolved", missing.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckConnectAsync_AnswersTheCheckedAddresses_SoTheCallerConnectsToExactlyThose()
    {
        var policy = WithDns(new() { ["example.com"] = ["93.184.216.34"] });

        var decision = await policy.CheckConnectAsync("example.com", 443, CancellationToken.None);

        Assert.Null(decision.Refusal);
        Assert.Equal([IPAddress.Parse("93.184.216.34")], decision.Addresses);
    }

    [Theory]
    [InlineData("::ffff:169.254.169.254", AddressRange.LinkLocal)]
    [InlineData("::169.254.169.254", AddressRange.LinkLocal)]          // IPv4-compatible
    [InlineData("64:ff9b::a9fe:a9fe", AddressRange.LinkLocal)]         // NAT64
    [InlineData("2002:a9fe:a9fe::1", AddressRange.LinkLocal)]          // 6to4
    [InlineData("2002:0a00:0001::1", AddressRange.Private)]
    [InlineData("224.0.0.1", AddressRange.Multicast)]
    [InlineData("ff02::1", AddressRange.Multicast)]
    [InlineData("255.255.255.255", AddressRange.Broadcast)]
    [InlineData("0.0.0.0", AddressRange.Unspecified)]
    [InlineData("::", AddressRange.Unspecified)]
    [InlineData("240.0.0.1", AddressRange.Reserved)]
    [InlineData("100.100.100.200", AddressRange.CarrierNat)]           // Alibaba's metadata address
    [InlineData("fd00:ec2::254", AddressRange.UniqueLocal)]            // AWS's IPv6 metadata address
    [InlineData("::ffff:127.0.0.1", AddressRange.Loopback)]
    [InlineData("8.8.8.8", AddressRange.Public)]
    [InlineData("2606:4700::1111", AddressRange.Public)]
    public void Classify_SeesThroughEverySpelling(string address, AddressRange expected) =>
        Assert.Equal(expected, UrlPolicy.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://[::ffff:a9fe:a9fe]/")]
    [InlineData("http://[64:ff9b::a9fe:a9fe]/")]
    [InlineData("http://0xA9FEA9FE/")]
    [InlineData("http://2852039166/")]
    [InlineData("http://0251.0376.0251.0376/")]
    [InlineData("http://169.254.43518/")]
    public void Check_MetadataAddressInAnySpelling_IsRefused(string url)
    {
        var message = _policy.Check(url, out _);

        Assert.NotNull(message);
        Assert.Contains("169.254.169.254", message, StringComparison.Ordinal);
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
    [InlineData("http://0.0.0.0:5080/")]
    [InlineData("http://[::]/")]
    [InlineData("http://224.0.0.251/")]
    public void Check_UnspecifiedAndMulticastAddresses_AreNeverOpened(string url)
    {
        Assert.Contains("the URL policy never opens it", _policy.Check(url, out _), StringComparison.Ordinal);
        Assert.Contains("the URL policy never opens it", new UrlPolicy(allowPrivateNetworks: true, allowLoopback: true).Check(url, out _), StringComparison.Ordinal);
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
