using OpsDashboard.Core.Api;
using static OpsDashboard.Core.Tests.JsonBodies;

namespace OpsDashboard.Core.Tests;

public class CreateSessionRequestTests
{
    [Fact]
    public void Parse_EmptyObject_GivesAllDefaults()
    {
        var r = CreateSessionRequest.Parse(Parse("{}"));

        Assert.Null(r.Url);
        Assert.False(r.IncludeScreenshot);
        Assert.Null(r.BrowserParams);
        Assert.Null(r.AgentId);
        Assert.Null(r.Mode);
        Assert.Null(r.Labels.Holder);
        Assert.Empty(r.Labels.Metadata);
    }

    [Fact]
    public void Parse_ReadsUrlScreenshotAndViewport()
    {
        var r = CreateSessionRequest.Parse(Parse("""
            {"url":"https://example.com","include_screenshot":true,"browser_params":{"width":1024,"height":768},"mode":"standard"}
            """));

        Assert.Equal("https://example.com", r.Url);
        Assert.True(r.IncludeScreenshot);
        Assert.Equal(new BrowserParams(1024, 768), r.BrowserParams);
        Assert.Equal("standard", r.Mode);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"https://example.com\"")]
    [InlineData("null")]
    public void Parse_BodyNotAnObject_IsASingleErrorAtBody(string json)
    {
        var ex = Fails(() => CreateSessionRequest.Parse(Parse(json)));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(["body"], error.Loc);
        Assert.Equal("model_attributes_type", error.Type);
    }

    [Fact]
    public void Parse_OptionalParams_HolderAndMetadataAreRead()
    {
        var r = CreateSessionRequest.Parse(Parse("""
            {"optional_params":{"holder":"ci-runner","metadata":{"run":"nightly-42","attempt":3,"flaky":false}}}
            """));

        Assert.Equal("ci-runner", r.Labels.Holder);
        Assert.Equal(3, r.Labels.Metadata.Count);
        Assert.Equal("nightly-42", r.Labels.Metadata["run"]);
        Assert.Equal("3", r.Labels.Metadata["attempt"]);
        Assert.Equal("false", r.Labels.Metadata["flaky"]);
    }

    [Fact]
    public void Parse_OptionalParamsInCamelCase_AreRead()
    {
        var r = CreateSessionRequest.Parse(Parse("""{"optionalParams":{"holderLabel":"me"}}"""));

        Assert.Equal("me", r.Labels.Holder);
    }

    [Fact]
    public void Parse_HolderLabel_IsTheFallbackWhenHolderIsAbsent()
    {
        Assert.Equal("fallback", CreateSessionRequest.Parse(Parse("""{"optional_params":{"holder_label":"fallback"}}""")).Labels.Holder);
        Assert.Equal("primary", CreateSessionRequest.Parse(Parse("""{"optional_params":{"holder":"primary","holder_label":"fallback"}}""")).Labels.Holder);
    }

    [Fact]
    public void Parse_Metadata_KeepsAtMostFiftyEntries()
    {
        var entries = string.Join(',', Enumerable.Range(0, 60).Select(i => $"\"k{i}\":\"v{i}\""));

        var r = CreateSessionRequest.Parse(Parse("{\"optional_params\":{\"metadata\":{" + entries + "}}}"));

        Assert.Equal(50, r.Labels.Metadata.Count);
        Assert.Equal("v0", r.Labels.Metadata["k0"]);
        Assert.False(r.Labels.Metadata.ContainsKey("k50"));
    }

    [Fact]
    public void Parse_BadOptionalParams_AreReportedAtTheirNestedLocations()
    {
        var ex = Fails(() => CreateSessionRequest.Parse(Parse("""{"optional_params":{"holder":5,"metadata":[1]}}""")));

        Assert.Equal(["body.optional_params.holder|string_type", "body.optional_params.metadata|dict_type"], Summaries(ex));
    }

    [Fact]
    public void Parse_HolderLongerThan200Characters_IsRefused()
    {
        var holder = new string('h', 201);

        var ex = Fails(() => CreateSessionRequest.Parse(Parse($$$"""{"optional_params":{"holder":"{{{holder}}}"}}""")));

        Assert.Contains("body.optional_params.holder|string_too_long", Summaries(ex));
    }

    [Fact]
    public void Parse_LocalAndUseProxy_AreTypeCheckedUnderTheirSnakeNames()
    {
        var ex = Fails(() => CreateSessionRequest.Parse(Parse("""{"local":"yes","useProxy":1}""")));

        Assert.Equal(["body.local|bool_type", "body.use_proxy|bool_type"], Summaries(ex));
    }

    [Fact]
    public void Parse_UrlLongerThanTheLimit_IsRefused()
    {
        var url = "https://example.com/" + new string('a', RequestLimits.MaxUrlLength);

        var ex = Fails(() => CreateSessionRequest.Parse(Parse($$"""{"url":"{{url}}"}""")));

        Assert.Equal(["body.url|string_too_long"], Summaries(ex));
    }
}
