using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests;

/// <summary>A retrieve's rows leave as CSV through the link in its answer.</summary>
public sealed class RetrieveCsvTests(GatewayFixture fx) : IClassFixture<GatewayFixture>
{
    private readonly HttpClient _client = fx.Client();

    private Task<string> CreateAsync(string path) => _client.OpenSessionAsync(fx.Site.Url(path));

    [Fact]
    public async Task RetrieveAnswer_LinksItsCsv_WhichHoldsTheRowsInSchemaOrder()
    {
        var id = await CreateAsync("/products");
        var (_, json) = await _client.PostJsonAsync("/v1/web/retrieve", new
        {
            cmd = "products",
            session_id = id,
            schema = new { type = "array", items = new { type = "object", properties = new { price = new { type = "number" }, name = new { type = "string" } } } },
        });

        var csvUrl = json.Str("csv");
        var csv = await _client.GetStringAsync(csvUrl);

        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("price,name", lines[0]);
        Assert.Equal("24.99,Blue Kettle", lines[1]);
        Assert.Equal(5, lines.Length);
    }
}
