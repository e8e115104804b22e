using System.Text;
using System.Text.Json;
using OpsDashboard.Core.Extraction;
using static OpsDashboard.Core.Tests.Extraction.ExtractionAssert;

namespace OpsDashboard.Core.Tests.Extraction;

public class RetrieveSchemaTests
{
    [Fact]
    public void Check_ArrayOfObjects_HasNoErrors()
    {
        var errors = RetrieveSchema.Check(Schema("""
            {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"array","items":{"type":"object",
             "properties":{"title":{"type":"string","x-selector":"h2 > a"},"price":{"type":["number","null"]},"seller":{"type":"object","properties":{"name":{"type":"string"}}},
                           "tags":{"type":"array","items":{"type":"string"}},"in_stock":{"type":"boolean"},"reviews":{"type":"integer"},"sku":{"$ref":"#/$defs/sku"}},
             "required":["title"]},"$defs":{"sku":{"type":"string"}}}
            """));

        Assert.Empty(errors);
    }

    [Fact]
    public void Check_ObjectSchemaNotArray_SaysToWrapItInAnArray()
    {
        var errors = RetrieveSchema.Check(Schema("""{"type":"object","properties":{"title":{"type":"string"}}}"""));

        var e = Assert.Single(errors);
        Assert.Equal(["body", "schema", "type"], e.Loc);
        Assert.Equal("schema_not_array", e.Type);
        Assert.Contains("Set \"type\": \"array\"", e.Msg);
    }

    [Fact]
    public void Check_ArrayOfStrings_SaysItemsMustBeObjects()
    {
        var errors = RetrieveSchema.Check(Schema("""{"type":"array","items":{"type":"string"}}"""));

        var e = Assert.Single(errors);
        Assert.Equal(["body", "schema", "items", "type"], e.Loc);
        Assert.Equal("schema_items_not_object", e.Type);
        Assert.Contains("set items.type to \"object\"", e.Msg);
    }

    [Fact]
    public void Check_InvalidJsonSchema_IsFoundByTheMetaSchema_AtTheRightPlace()
    {
        var errors = RetrieveSchema.Check(Schema("""{"type":"array","items":{"type":"objekt"}}"""));

        var e = Assert.Single(errors);
        Assert.Equal(["body", "schema", "items", "type"], e.Loc);
        Assert.Equal("schema_invalid", e.Type);
        Assert.Equal("\"objekt\" is not a JSON Schema type. Use one of \"string\", \"number\", \"integer\", \"boolean\", \"object\" or \"array\".", e.Msg);
    }

    [Fact]
    public void Check_KeywordWithWrongValue_NamesTheKeyword()
    {
        var errors = RetrieveSchema.Check(Schema("""{"type":"array","minItems":"three","items":{"type":"object","properties":{"a":{"type":"string"}}}}"""));

        var e = Assert.Single(errors);
        Assert.Equal(["body", "schema", "minItems"], e.Loc);
        Assert.StartsWith("The schema is not valid JSON Schema (draft 2020-12) at minItems:", e.Msg);
        Assert.Contains("\"three\"", e.Msg);
    }

    [Fact]
    public void Check_UnresolvableReference_IsReportedWhereItIs()
    {
        var errors = RetrieveSchema.Check(Schema("""{"type":"array","items":{"$ref":"#/$defs/missing"}}"""));

        var e = Assert.Single(errors);
        Assert.Equal(["body", "schema", "items", "$ref"], e.Loc);
        Assert.Equal("schema_ref_unresolved", e.Type);
        Assert.Contains("\"#/$defs/missing\" does not point to anything inside the schema", e.Msg);
    }

    [Theory]
    [InlineData("[1,2]", "an array")]
    [InlineData("\"{\\\"type\\\":\\\"array\\\"}\"", "a string")]
    [InlineData("42", "a number")]
    public void Check_NotAnObject_IsOneErrorAtTheSchema(string json, string described)
    {
        var e = Assert.Single(RetrieveSchema.Check(Schema(json)));

        Assert.Equal(["body", "schema"], e.Loc);
        Assert.Equal("schema_type", e.Type);
        Assert.Contains(described, e.Msg);
    }

    [Fact]
    public void Check_NullOnlyProperty_IsAnUnsupportedType()
    {
        var errors = RetrieveSchema.Check(Schema("""{"type":"array","items":{"type":"object","properties":{"a":{"type":"string"},"nothing":{"type":"null"}}}}"""));

        var e = Assert.Single(errors);
        Assert.Equal(["body", "schema", "items", "properties", "nothing", "type"], e.Loc);
        Assert.Equal("schema_unsupported_type", e.Type);
    }

    [Fact]
    public void Check_SeveralTypesForOneProperty_IsUnsupported()
    {
        var errors = RetrieveSchema.Check(Schema("""{"type":"array","items":{"type":"object","properties":{"price":{"type":["number","string"]}}}}"""));

        var e = Assert.Single(errors);
        Assert.Equal("schema_unsupported_type", e.Type);
        Assert.Contains("Pick one", e.Msg);
    }

    [Fact]
    public void Check_TooDeep_IsReportedWhereItGoesPastEightLevels()
    {
        // array(1) > item(2) > l3 > l4 > l5 > l6 > l7 > l8 > l9: the object at level 9 is one too many.
        var inner = """{"type":"object","properties":{"leaf":{"type":"string"}}}""";
        for (var i = 9; i >= 3; i--)
        {
            inner = "{\"type\":\"object\",\"properties\":{\"l" + i + "\":" + inner + "}}";
        }
        var schema = "{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"l2\":" + inner + "}}}";
        var errors = RetrieveSchema.Check(Schema(schema));

        var e = Assert.Single(errors);
        Assert.Equal("schema_too_deep", e.Type);
        Assert.Contains("deeper than 8 levels", e.Msg);
        Assert.Equal("body", e.Loc[0]);
        Assert.Equal("schema", e.Loc[1]);
    }

    [Fact]
    public void Check_EightLevels_IsAllowed()
    {
        var inner = """{"type":"object","properties":{"leaf":{"type":"string"}}}""";
        for (var i = 7; i >= 3; i--)
        {
            inner = "{\"type\":\"object\",\"properties\":{\"l" + i + "\":" + inner + "}}";
        }
        Assert.Empty(RetrieveSchema.Check(Schema("{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"l2\":" + inner + "}}}")));
    }

    [Fact]
    public void Check_MoreThan200Properties_IsRejected()
    {
        var props = new StringBuilder();
        for (var i = 0; i < 201; i++)
        {
            props.Append(i == 0 ? "" : ",").Append($"\"f{i}\":{{\"type\":\"string\"}}");
        }
        var e = Assert.Single(RetrieveSchema.Check(Schema("{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{" + props + "}}}")));

        Assert.Equal("schema_too_many_properties", e.Type);
        Assert.Contains("201 properties", e.Msg);
    }

    [Fact]
    public void Check_RequiredNamesAnUnknownProperty_SaysWhichAndHowToFix()
    {
        var e = Assert.Single(RetrieveSchema.Check(Schema("""{"type":"array","items":{"type":"object","properties":{"price":{"type":"number"}},"required":["prize"]}}""")));

        Assert.Equal(["body", "schema", "items", "required"], e.Loc);
        Assert.Contains("'prize'", e.Msg);
    }

    [Fact]
    public void Check_InvalidXSelector_IsReported()
    {
        var e = Assert.Single(RetrieveSchema.Check(Schema("""{"type":"array","items":{"type":"object","properties":{"price":{"type":"number","x-selector":"div[["}}}}""")));

        Assert.Equal(["body", "schema", "items", "properties", "price", "x-selector"], e.Loc);
        Assert.Equal("schema_selector", e.Type);
    }

    [Fact]
    public void Check_NoProperties_AsksForFields()
    {
        var e = Assert.Single(RetrieveSchema.Check(Schema("""{"type":"array","items":{"type":"object"}}""")));

        Assert.Equal(["body", "schema", "items", "properties"], e.Loc);
    }

    [Fact]
    public void FromFields_BuildsAnArrayOfObjectsOfOptionalStrings()
    {
        var schema = RetrieveSchema.FromFields(["title", "price", "title", " "]);

        Assert.Equal("""{"type":"array","items":{"type":"object","properties":{"title":{"type":"string"},"price":{"type":"string"}}}}""", schema.GetRawText());
        Assert.Empty(RetrieveSchema.Check(schema));
        Assert.False(schema.GetProperty("items").TryGetProperty("required", out _));
        Assert.Equal(JsonValueKind.Object, RetrieveSchema.Default.ValueKind);
    }
}
