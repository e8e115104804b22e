using System.Text.Json;
using OpsDashboard.Core.Api;

namespace OpsDashboard.Core.Tests;

/// <summary>Helpers for feeding JSON bodies to the request parsers.</summary>
internal static class JsonBodies
{
    public static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    /// <summary>Runs a parse that must fail and returns the exception it threw.</summary>
    public static RequestValidationException Fails(Func<object> parse) =>
        Assert.Throws<RequestValidationException>(parse);

    /// <summary>A location as dotted text: <c>body.browser_params.width</c>.</summary>
    public static string LocOf(ValidationError error) => string.Join('.', error.Loc);

    /// <summary>The errors as "loc|type" strings, in the order they were found.</summary>
    public static IReadOnlyList<string> Summaries(RequestValidationException ex) =>
        [.. ex.Errors.Select(e => $"{LocOf(e)}|{e.Type}")];
}
