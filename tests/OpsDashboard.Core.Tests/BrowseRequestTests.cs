using OpsDashboard.Core.Api;
using static OpsDashboard.Core.Tests.JsonBodies;

namespace OpsDashboard.Core.Tests;

public class BrowseRequestTests
{
    [Fact]
    public void Parse_MinimalBody_UsesTheDefaultMaxSteps()
    {
        var r = BrowseRequest.Parse(Parse("""{"cmd":"find the price"}"""));

        Assert.Equal("find the price", r.Cmd);
        Assert.Equal(RequestLimits.DefaultMaxSteps, r.MaxSteps);
        Assert.Equal(20, r.MaxSteps);
        Assert.Null(r.SessionId);
        Assert.Null(r.Url);
        Assert.Null(r.Labels.Holder);
    }

    [Fact]
    public void Parse_CamelCaseFieldsAndLabels_AreRead()
    {
        var r = BrowseRequest.Parse(Parse("""
            {"cmd":"a","maxSteps":7,"sessionId":"sess_x","includeScreenshot":true,
             "optional_params":{"holder":"me","metadata":{"run":"n42"}},"zzz":1}
            """));

        Assert.Equal(7, r.MaxSteps);
        Assert.Equal("sess_x", r.SessionId);
        Assert.True(r.IncludeScreenshot);
        Assert.Equal("me", r.Labels.Holder);
        Assert.Equal("n42", r.Labels.Metadata["run"]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public void Parse_MaxStepsAtTheEdges_IsAccepted(int maxSteps) =>
        Assert.Equal(maxSteps, BrowseRequest.Parse(Parse($$"""{"cmd":"a","max_steps":{{maxSteps}}}""")).MaxSteps);

    [Theory]
    [InlineData("0", "greater_than_equal")]
    [InlineData("-3", "greater_than_equal")]
    [InlineData("101", "less_than_equal")]
    [InlineData("1.5", "int_type")]
    [InlineData("\"5\"", "int_type")]
    public void Parse_MaxStepsOutOfRangeOrNotAnInteger_IsRefused(string value, string type)
    {
        var ex = Fails(() => BrowseRequest.Parse(Parse("{\"cmd\":\"a\",\"max_steps\":" + value + "}")));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(["body", "max_steps"], error.Loc);
        Assert.Equal(type, error.Type);
    }

    [Fact]
    public void Parse_MaxStepsOutOfRange_MessageNamesTheRangeAndTheValue()
    {
        var ex = Fails(() => BrowseRequest.Parse(Parse("""{"cmd":"a","max_steps":101}""")));

        Assert.Equal("Input should be between 1 and 100, got 101.", ex.Errors[0].Msg);
    }

    [Fact]
    public void Parse_MissingCmdAndOtherProblems_AreReportedTogether()
    {
        var ex = Fails(() => BrowseRequest.Parse(Parse("""{"max_steps":0,"session_id":7,"browser_params":{"width":10}}""")));

        Assert.Equal(
            ["body.cmd|missing", "body.session_id|string_type", "body.max_steps|greater_than_equal", "body.browser_params.width|greater_than_equal"],
            Summaries(ex));
    }

    [Fact]
    public void Parse_SessionIdLongerThan100Characters_IsRefused()
    {
        var id = new string('s', 101);

        var ex = Fails(() => BrowseRequest.Parse(Parse($$"""{"cmd":"a","session_id":"{{id}}"}""")));

        Assert.Equal(["body.session_id|string_too_long"], Summaries(ex));
    }
}
