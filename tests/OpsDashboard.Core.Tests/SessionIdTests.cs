using OpsDashboard.Core.Sessions;

namespace OpsDashboard.Core.Tests;

public class SessionIdTests
{
    private const string Hex32 = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void New_MatchesThePublishedFormat() =>
        Assert.Matches("^sess_[0-9a-f]{32}$", SessionId.New());

    [Fact]
    public void New_StartsWithThePrefixConstant()
    {
        Assert.Equal("sess_", SessionId.Prefix);
        Assert.StartsWith(SessionId.Prefix, SessionId.New(), StringComparison.Ordinal);
    }

    [Fact]
    public void New_IsAlwaysWellFormed()
    {
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(SessionId.IsWellFormed(SessionId.New()));
        }
    }

    [Fact]
    public void New_ProducesNoDuplicatesOverManyIds()
    {
        const int count = 20_000;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            ids.Add(SessionId.New());
        }
        Assert.Equal(count, ids.Count);
    }

    [Fact]
    public void New_UsesEveryHexDigitPositionRandomly()
    {
        // With 16 random bytes, 200 ids must not all share the same character at any position.
        var ids = Enumerable.Range(0, 200).Select(_ => SessionId.New()).ToList();
        for (var pos = SessionId.Prefix.Length; pos < ids[0].Length; pos++)
        {
            Assert.True(ids.Select(id => id[pos]).Distinct().Count() > 1, $"position {pos} never varied");
        }
    }

    [Fact]
    public void IsWellFormed_AcceptsTheCanonicalShape() =>
        Assert.True(SessionId.IsWellFormed("sess_" + Hex32));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sess_")]
    [InlineData("sess_0123456789abcdef0123456789abcde")]     // 31 digits
    [InlineData("sess_0123456789abcdef0123456789abcdef0")]   // 33 digits
    [InlineData("sess_0123456789ABCDEF0123456789ABCDEF")]    // uppercase hex
    [InlineData("sess_0123456789abcdef0123456789abcdeg")]    // non-hex letter
    [InlineData("SESS_0123456789abcdef0123456789abcdef")]    // uppercase prefix
    [InlineData("ses_0123456789abcdef0123456789abcdef")]
    [InlineData("sess-0123456789abcdef0123456789abcdef")]
    [InlineData("session_0123456789abcdef0123456789abcdef")]
    [InlineData("0123456789abcdef0123456789abcdef")]         // no prefix
    [InlineData(" sess_0123456789abcdef0123456789abcdef")]   // leading space
    [InlineData("sess_0123456789abcdef0123456789abcdef ")]   // trailing space
    [InlineData("sess_0123456789abcdef-0123456789abcdef")]
    [InlineData("xsess_0123456789abcdef0123456789abcdef")]
    public void IsWellFormed_RejectsNearMisses(string? id) =>
        Assert.False(SessionId.IsWellFormed(id));
}
