using static OpsDashboard.Core.Tests.Extraction.ExtractionAssert;

namespace OpsDashboard.Core.Tests.Extraction;

/// <summary>What a page says about itself (JSON-LD), and answers that explain a required property found nowhere.</summary>
public class StructuredDataTests
{
    private const string Schema = """
        {"type":"array","items":{"type":"object","properties":{
          "name":{"type":"string"},"url":{"type":"string","format":"uri"},"image":{"type":"string","format":"uri"},"price":{"type":"number"}
        },"required":["name","image"]}}
        """;

    [Fact]
    public void JsonLdItemList_IsTheList_WhenNoStructureOnThePageCarriesIt()
    {
        const string html = """
            <html><head><script type="application/ld+json">
            {"@context":"https://schema.org","@type":"ItemList","itemListElement":[
              {"@type":"ListItem","position":1,"item":{"@type":"Product","name":"Kettle","url":"/p/kettle","image":"/i/kettle.jpg","offers":{"@type":"Offer","price":"39.90"}}},
              {"@type":"ListItem","position":2,"item":{"@type":"Product","name":"Toaster","url":"/p/toaster","image":["/i/toaster.jpg"],"offers":{"@type":"Offer","price":29}}}
            ]}
            </script></head><body><main><h1>Small appliances</h1><div id="app">Loading…</div></main></body></html>
            """;

        var result = Extract(html, Schema, url: "https://kitchen.example/c/small");

        Rows("""
            [{"name":"Kettle","url":"https://kitchen.example/p/kettle","image":"https://kitchen.example/i/kettle.jpg","price":39.9},
             {"name":"Toaster","url":"https://kitchen.example/p/toaster","image":"https://kitchen.example/i/toaster.jpg","price":29}]
            """, result.Rows);
        Assert.Contains("Product items in the page's JSON-LD", result.Message);
    }

    [Fact]
    public void RequiredImageInNoCard_MessageSaysWhatTheImagesCarry()
    {
        var cards = string.Concat(Enumerable.Range(1, 4).Select(i =>
            $"""<div class="card"><img data-lazyimg="/i/{i}.jpg" alt=""><h3><a href="/p/{i}">Item {i}</a></h3><span class="price">${i}.00</span></div>"""));
        var html = $"""<html><body><main><div class="grid">{cards}</div></main></body></html>""";

        var result = Extract(html, Schema);

        Assert.Empty(result.Rows);
        Assert.Equal(4, result.Found);
        Assert.Contains("'image' is required but no image source was found in the cards: their img elements carry only data-lazyimg", result.Message);
    }
}
