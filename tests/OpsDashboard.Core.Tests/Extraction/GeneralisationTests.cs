using static OpsDashboard.Core.Tests.Extraction.ExtractionAssert;

namespace OpsDashboard.Core.Tests.Extraction;

public class GeneralisationTests
{
    [Fact]
    public void WrappedGrid_ColumnWrappersAreRecords_PromotedCardAndAsideFiltersLeftOut()
    {
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{
              "name":{"type":"string"},"link":{"type":"string"},"price":{"type":"number"},"description":{"type":"string"},"image":{"type":"string"}
            },"required":["name","price"]}}
            """;

        var result = Extract(MorePages.WrappedGrid, schema, url: "https://kitchen.example/small-appliances");

        Rows("""
            [
              {"name":"Steel Kettle","link":"https://kitchen.example/item/kettle","price":39.99,"description":"1.7 l, auto shut-off","image":"https://kitchen.example/i/1.png"},
              {"name":"2-Slot Toaster","link":"https://kitchen.example/item/toaster","price":29,"description":"Bagel mode","image":"https://kitchen.example/i/2.png"},
              {"name":"Hand Mixer","link":"https://kitchen.example/item/mixer","price":34.5,"description":"5 speeds","image":"https://kitchen.example/i/3.png"},
              {"name":"Coffee Grinder","link":"https://kitchen.example/item/grinder","price":1149,"description":"Burr, 40 settings","image":"https://kitchen.example/i/4.png"}
            ]
            """, result.Rows);
        Assert.Equal(1, result.SponsoredSkipped);
    }

    [Fact]
    public void Reviews_RatingFromTitleAttribute_AuthorByClass_DateFromTime_CountAsInteger()
    {
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{
              "title":{"type":"string"},"rating":{"type":"number"},"author":{"type":"string"},"date":{"type":"string"},"text":{"type":"string","description":"review body"},"helpful_votes":{"type":"integer","description":"people who found it helpful"}
            },"required":["rating"]}}
            """;

        var result = Extract(MorePages.Reviews, schema, url: "https://shop.example/p/trail-25/reviews");

        Rows("""
            [
              {"title":"Perfect for commuting","rating":5,"author":"Sam P.","date":"2024-04-18","text":"Fits a 16\" laptop and still feels light.","helpful_votes":12},
              {"title":"Zip broke","rating":2,"author":"Lee","date":"2024-03-02","text":"The main zip failed after a month.","helpful_votes":3},
              {"title":"Good, not great","rating":4,"author":"Kim O.","date":"2024-01-09","text":"Comfortable straps; the bottle pocket is small.","helpful_votes":0}
            ]
            """, result.Rows);
    }

    [Fact]
    public void Jobs_ArticlesWithLabelValueLines_AndAnUnparseableSalaryIsDropped()
    {
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{
              "title":{"type":"string"},"url":{"type":"string","format":"uri"},"company":{"type":"string"},"location":{"type":"string"},"salary":{"type":"number"}
            },"required":["title"]}}
            """;

        var result = Extract(MorePages.Jobs, schema, url: "https://jobs.example/dotnet");

        Rows("""
            [
              {"title":"Senior C# Engineer","url":"https://jobs.example/jobs/881","company":"Contoso","location":"Remote (EU)","salary":120000},
              {"title":"Platform Engineer (.NET)","url":"https://jobs.example/jobs/882","company":"Fabrikam","location":"Lisbon","salary":70000}
            ]
            """, result.Rows);
        Assert.Equal(1, result.Dropped);
        Assert.Contains("'salary' is not a number in 1 (e.g. \"not disclosed\")", result.Message);
    }
}
