using System.Text.Json;
using OpsDashboard.Core.Api;
using static OpsDashboard.Core.Tests.JsonBodies;

namespace OpsDashboard.Core.Tests;

public class RetrieveRequestTests
{
    [Fact]
    public void Parse_MinimalBody_FillsDefaults()
    {
        var r = RetrieveRequest.Parse(Parse("""{"cmd":"get the headlines"}"""));

        Assert.Equal("get the headlines", r.Cmd);
        Assert.Equal("json", r.Format);
        Assert.Equal(100, r.MaxItems);
        Assert.True(r.FullPage);
        Assert.False(r.RenderJs);
        Assert.False(r.ScrollToBottom);
        Assert.False(r.IncludeScreenshot);
        Assert.Null(r.Fields);
        Assert.Null(r.Schema);
        Assert.Null(r.SessionId);
    }

    [Fact]
    public void Parse_AllFields_AreRead()
    {
        var r = RetrieveRequest.Parse(Parse("""
            {"cmd":"c","url":"https://example.com","session_id":"s1","fields":["title","price"],"format":"markdown",
             "max_items":10000,"full_page":false,"render_js":true,"scroll_to_bottom":true,"include_screenshot":true}
            """));

        Assert.Equal("https://example.com", r.Url);
        Assert.Equal("s1", r.SessionId);
        Assert.Equal(["title", "price"], r.Fields);
        Assert.Equal("markdown", r.Format);
        Assert.Equal(10000, r.MaxItems);
        Assert.False(r.FullPage);
        Assert.True(r.RenderJs);
        Assert.True(r.ScrollToBottom);
        Assert.True(r.IncludeScreenshot);
    }

    [Fact]
    public void Parse_CamelCaseTwins_AreAccepted()
    {
        var r = RetrieveRequest.Parse(Parse("""{"cmd":"c","maxItems":5,"fullPage":false,"renderJs":true,"scrollToBottom":true}"""));

        Assert.Equal(5, r.MaxItems);
        Assert.False(r.FullPage);
        Assert.True(r.RenderJs);
        Assert.True(r.ScrollToBottom);
    }

    [Fact]
    public void Parse_SnakeAndCamelBothPresent_SnakeWins()
    {
        var r = RetrieveRequest.Parse(Parse("""{"cmd":"c","max_items":5,"maxItems":9,"full_page":false,"fullPage":true}"""));

        Assert.Equal(5, r.MaxItems);
        Assert.False(r.FullPage);
    }

    [Theory]
    [InlineData("0", "greater_than_equal")]
    [InlineData("-1", "greater_than_equal")]
    [InlineData("1000000", "less_than_equal")]
    [InlineData("10001", "less_than_equal")]
    public void Parse_MaxItemsOutOfRange_IsRefused(string value, string type)
    {
        var ex = Fails(() => RetrieveRequest.Parse(Parse("{\"cmd\":\"c\",\"max_items\":" + value + "}")));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(["body", "max_items"], error.Loc);
        Assert.Equal(type, error.Type);
        Assert.Equal($"Input should be between 1 and 10000, got {value}.", error.Msg);
    }

    [Theory]
    [InlineData("xml")]
    [InlineData("html")]
    [InlineData("JSON")]
    [InlineData("")]
    public void Parse_FormatOtherThanJsonOrMarkdown_IsRefusedAsEnum(string format)
    {
        var ex = Fails(() => RetrieveRequest.Parse(Parse($$"""{"cmd":"c","format":"{{format}}"}""")));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(["body", "format"], error.Loc);
        Assert.Equal("enum", error.Type);
        Assert.Contains($"got \"{format}\"", error.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FormatNotAString_IsOneTypeErrorNotAlsoAnEnumError()
    {
        var ex = Fails(() => RetrieveRequest.Parse(Parse("""{"cmd":"c","format":1}""")));

        Assert.Equal(["body.format|string_type"], Summaries(ex));
    }

    [Fact]
    public void Parse_BadFieldEntries_AreReportedByIndex()
    {
        var ex = Fails(() => RetrieveRequest.Parse(Parse("""{"cmd":"c","fields":["title",5,"  ","price",null]}""")));

        Assert.Equal(["body.fields.1|string_type", "body.fields.2|string_type", "body.fields.4|string_type"], Summaries(ex));
        Assert.Equal(["body", "fields", "1"], ex.Errors[0].Loc);
    }

    [Fact]
    public void Parse_FieldsNotAList_IsRefusedAsListType()
    {
        var ex = Fails(() => RetrieveRequest.Parse(Parse("""{"cmd":"c","fields":"title"}""")));

        Assert.Equal(["body.fields|list_type"], Summaries(ex));
    }

    [Fact]
    public void Parse_MoreThan200Fields_IsRefusedAsTooLong()
    {
        var fields = string.Join(',', Enumerable.Range(0, 201).Select(i => $"\"f{i}\""));

        var ex = Fails(() => RetrieveRequest.Parse(Parse("{\"cmd\":\"c\",\"fields\":[" + fields + "]}")));

        Assert.Equal(["body.fields|too_long"], Summaries(ex));
    }

    [Fact]
    public void Parse_WrongTypesEverywhere_AreAllCollectedAtOnce()
    {
        var ex = Fails(() => RetrieveRequest.Parse(Parse("""
            {"cmd":"c","format":"xml","fields":["x",5],"max_items":0,"render_js":"yes","local":0,"optional_params":1}
            """)));

        Assert.Equal(
            [
                "body.format|enum",
                "body.fields.1|string_type",
                "body.max_items|greater_than_equal",
                "body.render_js|bool_type",
                "body.local|bool_type",
                "body.optional_params|dict_type",
            ],
            Summaries(ex));
    }

    [Fact]
    public void Parse_Schema_IsKeptAsRawJsonThatOutlivesTheDocument()
    {
        RetrieveRequest r;
        using (var doc = JsonDocument.Parse("""{"cmd":"c","schema":{"type":"object","properties":{"price":{"type":"number"}}}}"""))
        {
            r = RetrieveRequest.Parse(doc.RootElement);
        }

        Assert.NotNull(r.Schema);
        Assert.Equal(JsonValueKind.Object, r.Schema.Value.ValueKind);
        Assert.Equal("number", r.Schema.Value.GetProperty("properties").GetProperty("price").GetProperty("type").GetString());
    }

    [Fact]
    public void Parse_MissingCmd_IsReportedAtBodyCmd()
    {
        var ex = Fails(() => RetrieveRequest.Parse(Parse("""{"format":"json"}""")));

        Assert.Equal(["body.cmd|missing"], Summaries(ex));
    }
}
