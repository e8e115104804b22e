using OpsDashboard.Core.Api;

namespace OpsDashboard.Core.Tests;

public class RequestReaderTests
{
    [Theory]
    [InlineData("include_screenshot", "includeScreenshot")]
    [InlineData("scroll_to_bottom", "scrollToBottom")]
    [InlineData("max_steps", "maxSteps")]
    [InlineData("cmd", "cmd")]
    public void CamelCase_TurnsSnakeCaseIntoItsCamelTwin(string snake, string camel) =>
        Assert.Equal(camel, RequestReader.CamelCase(snake));

    [Fact]
    public void ForBody_ObjectBody_HasNoErrors() =>
        Assert.Empty(RequestReader.ForBody(JsonBodies.Parse("{}")).Errors);

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("true")]
    public void ForBody_NonObjectBody_IsReportedAtBodyAtOnce(string json)
    {
        var reader = RequestReader.ForBody(JsonBodies.Parse(json));

        var error = Assert.Single(reader.Errors);
        Assert.Equal(["body"], error.Loc);
        Assert.Equal("model_attributes_type", error.Type);
    }

    [Fact]
    public void ThrowIfInvalid_WithoutErrors_DoesNotThrow()
    {
        var reader = RequestReader.ForBody(JsonBodies.Parse("""{"cmd":"x"}"""));

        Assert.Equal("x", reader.String("cmd", required: true));
        reader.ThrowIfInvalid();
    }

    [Fact]
    public void Raw_ReturnsAnIndependentCopyOfTheValue()
    {
        var reader = RequestReader.ForBody(JsonBodies.Parse("""{"schema":{"type":"object"}}"""));

        var raw = reader.Raw("schema");

        Assert.NotNull(raw);
        Assert.Equal("object", raw.Value.GetProperty("type").GetString());
        Assert.Null(reader.Raw("absent"));
    }

    [Fact]
    public void RequestValidationException_CarriesEveryErrorAndNamesThemInItsMessage()
    {
        ValidationError[] errors =
        [
            new(["body", "cmd"], "Field required.", "missing"),
            new(["body", "browser_params", "width"], "Too small.", "greater_than_equal"),
        ];

        var ex = new RequestValidationException(errors);

        Assert.Equal(errors, ex.Errors);
        Assert.Equal("body.cmd: Field required.; body.browser_params.width: Too small.", ex.Message);
    }
}
