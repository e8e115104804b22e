using static OpsDashboard.Core.Tests.Extraction.ExtractionAssert;

namespace OpsDashboard.Core.Tests.Extraction;

/// <summary>
/// Issue 11 §2, on small pages written for the test: current vs struck-through original prices
/// (an off-sale price classed "regular" is no original; a drawn strike beats a class name) and the
/// parts of a cell (a host name and its instance id on a sub-line are two values).
/// </summary>
public class ExtractorPricePartsTests
{
    // Theme-style cards: each holds a "regular" block and a "sale" block; off sale the struck s is empty.
    private const string Cards = """
        <html><body><main><ul class="grid">
        <li class="item"><h3><a href="/p/oven">Dutch Oven</a></h3><div class="price">
          <div class="price__regular"><span class="price-item price-item--regular">$129.00</span></div>
          <div class="price__sale"><s class="price-item price-item--regular">$129.00</s> <span class="price-item price-item--sale">$89.00</span></div></div></li>
        <li class="item"><h3><a href="/p/knife">Chef Knife</a></h3><div class="price">
          <div class="price__regular"><span class="price-item price-item--regular">$74.00</span></div>
          <div class="price__sale"><s class="price-item price-item--regular"></s> <span class="price-item price-item--sale">$74.00</span></div></div></li>
        <li class="item"><h3><a href="/p/dripper">Dripper</a></h3><div class="price">
          <div class="price__regular"><span class="price-item price-item--regular">From $32.00</span></div></div></li>
        <li class="item"><h3><a href="/p/tins">Spice Tins</a></h3><div class="price">
          <span class="price-item price-item--regular">$42.00</span>
          <span class="was-price" style="text-decoration: line-through">$48.00</span></div></li>
        </ul></main></body></html>
        """;

    [Fact]
    public void StruckPrice_IsTheOriginal_NeverTheCurrent_AndASinglePriceHasNoOriginal()
    {
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{
              "title":{"type":"string"},"price":{"type":"number"},"original_price":{"type":["number","null"]}
            }}}
            """;

        var result = Extract(Cards, schema, url: "https://shop.example/collections/kitchen");

        Rows("""
            [
              {"title":"Dutch Oven","price":89,"original_price":129},
              {"title":"Chef Knife","price":74},
              {"title":"Dripper","price":32},
              {"title":"Spice Tins","price":42,"original_price":48}
            ]
            """, result.Rows);
    }

    [Fact]
    public void StringPrices_InTheFieldsForm_KeepTheirCurrency()
    {
        var result = Extract(Cards, fields: ["title", "price", "original price"], url: "https://shop.example/collections/kitchen");

        Assert.Equal(["$89.00", "$74.00", "$32.00", "$42.00"], result.Rows.Select(r => r["price"]?.GetValue<string>()));
        Assert.Equal(["$129.00", null, null, "$48.00"], result.Rows.Select(r => (r["original price"] ?? r["original_price"])?.GetValue<string>()));
    }

    [Fact]
    public void NameCell_WithAnIdSubLine_GivesTheNameAndTheIdAsTwoValues()
    {
        const string html = """
            <html><body><main><table><thead><tr><th>Name</th><th>State</th><th>Zone</th></tr></thead><tbody>
            <tr><td><a href="/i/1">web-1</a><div class="sub">i-0a3f9c21e4b7d5061</div></td><td>Running</td><td>eu-west-1a</td></tr>
            <tr><td><a href="/i/2">web-2</a><div class="sub">i-07be21d98c0f4a3e2</div></td><td>Running</td><td>eu-west-1b</td></tr>
            <tr><td><a href="/i/3">db-primary</a><div class="sub">i-0c9d84e1f2a6b7390</div></td><td>Stopped</td><td>eu-west-1a</td></tr>
            </tbody></table></main></body></html>
            """;
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{
              "name":{"type":"string"},"instance_id":{"type":"string"},"state":{"type":"string"},"zone":{"type":"string"}
            },"required":["name","instance_id"]}}
            """;

        var result = Extract(html, schema, url: "https://console.example/instances");

        Rows("""
            [
              {"name":"web-1","instance_id":"i-0a3f9c21e4b7d5061","state":"Running","zone":"eu-west-1a"},
              {"name":"web-2","instance_id":"i-07be21d98c0f4a3e2","state":"Running","zone":"eu-west-1b"},
              {"name":"db-primary","instance_id":"i-0c9d84e1f2a6b7390","state":"Stopped","zone":"eu-west-1a"}
            ]
            """, result.Rows);
    }
}
