using OpsDashboard.Core.Api;
using static OpsDashboard.Core.Tests.JsonBodies;

namespace OpsDashboard.Core.Tests;

public class StepRequestTests
{
    [Fact]
    public void Parse_MinimalBody_FillsDefaults()
    {
        var r = StepRequest.Parse(Parse("""{"cmd":"click Next"}"""));

        Assert.Equal("click Next", r.Cmd);
        Assert.Null(r.Url);
        Assert.False(r.IncludeScreenshot);
        Assert.False(r.Stream);
        Assert.Null(r.BrowserParams);
        Assert.Null(r.Temperature);
        Assert.Null(r.AgentId);
        Assert.Null(r.Mode);
    }

    [Fact]
    public void Parse_SnakeCaseFields_AreRead()
    {
        var r = StepRequest.Parse(Parse("""
            {"cmd":"go","url":"https://example.com","include_screenshot":true,"stream":true,
             "browser_params":{"width":1280,"height":720},"temperature":0.5,"agent_id":"a1","mode":"fast"}
            """));

        Assert.Equal("https://example.com", r.Url);
        Assert.True(r.IncludeScreenshot);
        Assert.True(r.Stream);
        Assert.Equal(new BrowserParams(1280, 720), r.BrowserParams);
        Assert.Equal(0.5, r.Temperature);
        Assert.Equal("a1", r.AgentId);
        Assert.Equal("fast", r.Mode);
    }

    [Fact]
    public void Parse_CamelCaseTwins_AreAccepted()
    {
        var r = StepRequest.Parse(Parse("""
            {"cmd":"go","includeScreenshot":true,"browserParams":{"width":800},"agentId":"a2"}
            """));

        Assert.True(r.IncludeScreenshot);
        Assert.Equal(new BrowserParams(800, null), r.BrowserParams);
        Assert.Equal("a2", r.AgentId);
    }

    [Fact]
    public void Parse_SnakeAndCamelBothPresent_SnakeWins()
    {
        var r = StepRequest.Parse(Parse("""
            {"cmd":"go","include_screenshot":true,"includeScreenshot":false,"agent_id":"snake","agentId":"camel"}
            """));

        Assert.True(r.IncludeScreenshot);
        Assert.Equal("snake", r.AgentId);
    }

    [Fact]
    public void Parse_NullValues_AreTreatedAsAbsent()
    {
        var r = StepRequest.Parse(Parse("""
            {"cmd":"go","url":null,"include_screenshot":null,"browser_params":null,"temperature":null,"optional_params":null}
            """));

        Assert.Null(r.Url);
        Assert.False(r.IncludeScreenshot);
        Assert.Null(r.BrowserParams);
        Assert.Null(r.Temperature);
    }

    [Fact]
    public void Parse_SnakeNullAndCamelSet_UsesTheCamelValue()
    {
        var r = StepRequest.Parse(Parse("""{"cmd":"go","agent_id":null,"agentId":"camel"}"""));

        Assert.Equal("camel", r.AgentId);
    }

    [Fact]
    public void Parse_UnknownFields_AreIgnored()
    {
        var r = StepRequest.Parse(Parse("""{"cmd":"go","whatever":[1,2],"extra":{"deep":true}}"""));

        Assert.Equal("go", r.Cmd);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"click Next\"")]
    [InlineData("7")]
    public void Parse_BodyNotAnObject_FirstErrorIsAtBody(string json)
    {
        var ex = Fails(() => StepRequest.Parse(Parse(json)));

        Assert.Equal(["body"], ex.Errors[0].Loc);
        Assert.Equal("model_attributes_type", ex.Errors[0].Type);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"cmd":null}""")]
    [InlineData("""{"command":"click Next"}""")]
    public void Parse_MissingCmd_IsReportedAtBodyCmdAsMissing(string json)
    {
        var ex = Fails(() => StepRequest.Parse(Parse(json)));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(["body", "cmd"], error.Loc);
        Assert.Equal("missing", error.Type);
        Assert.Contains("\"cmd\"", error.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WrongTypes_AreAllCollectedWithTheirLocations()
    {
        var ex = Fails(() => StepRequest.Parse(Parse("""
            {"cmd":5,"url":true,"include_screenshot":"yes","stream":1,
             "browser_params":{"width":"wide","height":100},"temperature":3,"optional_params":[]}
            """)));

        Assert.Equal(
            [
                "body.cmd|string_type",
                "body.url|string_type",
                "body.include_screenshot|bool_type",
                "body.stream|bool_type",
                "body.browser_params.width|int_type",
                "body.browser_params.height|greater_than_equal",
                "body.temperature|less_than_equal",
                "body.optional_params|dict_type",
            ],
            Summaries(ex));
    }

    [Fact]
    public void Parse_TypeErrorMessages_DescribeWhatWasSent()
    {
        var ex = Fails(() => StepRequest.Parse(Parse("""{"cmd":5,"stream":"yes"}""")));

        Assert.Equal("Input should be a valid string, got the number 5.", ex.Errors[0].Msg);
        Assert.Equal("Input should be a valid boolean (true or false), got a string.", ex.Errors[1].Msg);
    }

    [Fact]
    public void Parse_CmdOfExactlyTheMaximumLength_IsAccepted()
    {
        var cmd = new string('a', RequestLimits.MaxCmdLength);

        Assert.Equal(cmd, StepRequest.Parse(Parse($$"""{"cmd":"{{cmd}}"}""")).Cmd);
    }

    [Fact]
    public void Parse_CmdLongerThan4000Characters_IsRefusedAsTooLong()
    {
        var cmd = new string('a', 4001);

        var ex = Fails(() => StepRequest.Parse(Parse($$"""{"cmd":"{{cmd}}"}""")));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(["body", "cmd"], error.Loc);
        Assert.Equal("string_too_long", error.Type);
        Assert.Equal("String should have at most 4000 characters, got 4001.", error.Msg);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(2.0)]
    [InlineData(1.25)]
    public void Parse_TemperatureInsideZeroToTwo_IsAccepted(double temperature)
    {
        var json = "{\"cmd\":\"go\",\"temperature\":" + temperature.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}";

        Assert.Equal(temperature, StepRequest.Parse(Parse(json)).Temperature);
    }

    [Theory]
    [InlineData("-0.1", "greater_than_equal")]
    [InlineData("2.5", "less_than_equal")]
    [InlineData("\"hot\"", "float_type")]
    public void Parse_TemperatureOutOfRangeOrNotANumber_IsRefused(string value, string type)
    {
        var ex = Fails(() => StepRequest.Parse(Parse("{\"cmd\":\"go\",\"temperature\":" + value + "}")));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(["body", "temperature"], error.Loc);
        Assert.Equal(type, error.Type);
    }

    [Theory]
    [InlineData(320, 240)]
    [InlineData(3840, 2160)]
    public void Parse_BrowserParamsAtTheEdgesOfTheRange_AreAccepted(int width, int height)
    {
        var r = StepRequest.Parse(Parse($$$"""{"cmd":"go","browser_params":{"width":{{{width}}},"height":{{{height}}}}}"""));

        Assert.Equal(new BrowserParams(width, height), r.BrowserParams);
    }

    [Theory]
    [InlineData("width", 319, "greater_than_equal")]
    [InlineData("width", 3841, "less_than_equal")]
    [InlineData("height", 239, "greater_than_equal")]
    [InlineData("height", 2161, "less_than_equal")]
    public void Parse_BrowserParamsOutOfRange_IsRefusedAtTheNestedLocation(string field, int value, string type)
    {
        var ex = Fails(() => StepRequest.Parse(Parse($$$"""{"cmd":"go","browser_params":{"{{{field}}}":{{{value}}}}}""")));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(["body", "browser_params", field], error.Loc);
        Assert.Equal(type, error.Type);
    }

    [Fact]
    public void Parse_BrowserParamsWidthNotAnInteger_IsRefused()
    {
        var ex = Fails(() => StepRequest.Parse(Parse("""{"cmd":"go","browser_params":{"width":1024.5}}""")));

        Assert.Equal(["body.browser_params.width|int_type"], Summaries(ex));
    }

    [Fact]
    public void Parse_BrowserParamsNotAnObject_IsRefusedAsDictType()
    {
        var ex = Fails(() => StepRequest.Parse(Parse("""{"cmd":"go","browser_params":"1280x720"}""")));

        Assert.Equal(["body.browser_params|dict_type"], Summaries(ex));
    }
}
