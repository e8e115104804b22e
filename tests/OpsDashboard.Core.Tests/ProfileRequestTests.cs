using OpsDashboard.Core.Api;
using static OpsDashboard.Core.Tests.JsonBodies;

namespace OpsDashboard.Core.Tests;

/// <summary><c>profile</c> and <c>persist</c> on create and browse: read when right, a 422 naming the field when not.</summary>
public class ProfileRequestTests
{
    [Fact]
    public void Create_ReadsProfileAndPersist_InBothSpellings()
    {
        Assert.Equal(new ProfileRequest("shop-demo", true), CreateSessionRequest.Parse(Parse("""{"profile":" shop-demo ","persist":true}""")).Profile);
        Assert.Equal(new ProfileRequest("prof_1", false), CreateSessionRequest.Parse(Parse("""{"profile":"prof_1"}""")).Profile);
        Assert.Null(CreateSessionRequest.Parse(Parse("""{"persist":false}""")).Profile);
        Assert.Equal(new ProfileRequest("x", false), BrowseRequest.Parse(Parse("""{"cmd":"go","profile":"x"}""")).Profile);
    }

    [Theory]
    [InlineData("""{"profile":12}""", "profile", "string_type")]
    [InlineData("""{"profile":"  "}""", "profile", "string_too_short")]
    [InlineData("""{"profile":"x","persist":"yes"}""", "persist", "bool_type")]
    [InlineData("""{"persist":true}""", "persist", "missing")]
    public void Create_BadProfileFields_Are422NamingTheField(string json, string field, string type)
    {
        var ex = Fails(() => CreateSessionRequest.Parse(Parse(json)));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(["body", field], error.Loc);
        Assert.Equal(type, error.Type);
    }

    [Fact]
    public void Create_ProfileTooLong_Is422()
    {
        var ex = Fails(() => CreateSessionRequest.Parse(Parse("{\"profile\":\"" + new string('a', 101) + "\"}")));
        Assert.Equal("string_too_long", Assert.Single(ex.Errors).Type);
    }

    [Fact]
    public void Browse_ProfileWithSessionId_Is422_ItOnlyAppliesToANewSession()
    {
        var ex = Fails(() => BrowseRequest.Parse(Parse("""{"cmd":"go","session_id":"sess_1","profile":"x"}""")));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(["body", "profile"], error.Loc);
        Assert.Contains("session_id", error.Msg);
    }
}
