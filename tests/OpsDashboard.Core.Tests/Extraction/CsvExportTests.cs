using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using OpsDashboard.Core.Extraction;
using static OpsDashboard.Core.Tests.Extraction.ExtractionAssert;

namespace OpsDashboard.Core.Tests.Extraction;

public class CsvExportTests
{
    private static async Task<string> Csv(IReadOnlyList<string> columns, IEnumerable<JsonObject> rows, CsvOptions? options = null)
    {
        using var stream = new MemoryStream();
        await CsvExport.WriteAsync(stream, columns, rows, options ?? new CsvOptions(IncludeBom: false), CancellationToken.None);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static JsonObject Row(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public async Task Write_HeaderThenRows_WithCrlfLineEnds()
    {
        var csv = await Csv(["title", "price"], [Row("""{"title":"Trail 25","price":59.99}"""), Row("""{"title":"Hip Pack","price":1299}""")]);

        Assert.Equal("title,price\r\nTrail 25,59.99\r\nHip Pack,1299\r\n", csv);
    }

    [Fact]
    public async Task Write_QuotesCommasAndDoublesQuotes()
    {
        var csv = await Csv(["a", "b"], [Row("""{"a":"Packs, tents","b":"The \"Summit\" 40"}""")]);

        Assert.Equal("a,b\r\n\"Packs, tents\",\"The \"\"Summit\"\" 40\"\r\n", csv);
    }

    [Fact]
    public async Task Write_NewlinesInACell_AreKeptInsideQuotes()
    {
        var csv = await Csv(["note"], [Row("""{"note":"line one\nline two\r\nline three"}""")]);

        Assert.Equal("note\r\n\"line one\nline two\r\nline three\"\r\n", csv);
    }

    [Fact]
    public async Task Write_Unicode_IsUtf8_WithABomByDefault()
    {
        using var stream = new MemoryStream();
        await CsvExport.WriteAsync(stream, ["name"], [Row("""{"name":"Zoë – 東京 😀"}""")], CancellationToken.None);
        var bytes = stream.ToArray();

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Equal("name\r\nZoë – 東京 😀\r\n", Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public async Task Write_WithoutBom_StartsWithTheHeader()
    {
        using var stream = new MemoryStream();
        await CsvExport.WriteAsync(stream, ["a"], [], new CsvOptions(IncludeBom: false), CancellationToken.None);

        Assert.Equal("a\r\n"u8.ToArray(), stream.ToArray());
    }

    [Fact]
    public async Task Write_FormulaLikeCells_AreNeutralisedWithAQuote_ButNumbersAreNot()
    {
        var csv = await Csv(["v"],
        [
            Row("""{"v":"=SUM(A1:A9)"}"""), Row("""{"v":"+1 555"}"""), Row("""{"v":"-2"}"""), Row("""{"v":"@cmd"}"""),
            Row("""{"v":"\tindent"}"""), Row("""{"v":"\rreturn"}"""), Row("""{"v":-5}"""), Row("""{"v":"a=b"}"""), Row("""{"v":"=1,2"}"""),
        ]);

        // CsvHelper (CsvInjection.Escape) quotes a neutralised field as well; "-2" is a plain number and stays one.
        Assert.Equal("v\r\n\"'=SUM(A1:A9)\"\r\n\"'+1 555\"\r\n-2\r\n\"'@cmd\"\r\n\"'\tindent\"\r\n\"'\rreturn\"\r\n-5\r\na=b\r\n\"'=1,2\"\r\n", csv);
    }

    [Fact]
    public async Task Write_SignedNumbersAsText_StayNumbers_ButSignedFormulasAreNeutralised()
    {
        var csv = await Csv(["v"],
        [
            Row("""{"v":"-5"}"""), Row("""{"v":"-3.2%"}"""), Row("""{"v":"-$1,234.50"}"""), Row("""{"v":"+7.25"}"""), Row("""{"v":-0.5}"""),
            Row("""{"v":-1.5e-7}"""), Row("""{"v":"-cmd|' /C calc'!A0"}"""), Row("""{"v":"-2+3"}"""), Row("""{"v":"=HYPERLINK(\"http://x.example\",\"y\")"}"""),
            Row("""{"v":"+1 555"}"""), Row("""{"v":"-"}"""), Row("""{"v":"@SUM(A1)"}"""),
        ]);

        Assert.Equal(
            "v\r\n-5\r\n-3.2%\r\n\"-$1,234.50\"\r\n+7.25\r\n-0.5\r\n-1.5E-07\r\n" +
            "\"'-cmd|' /C calc'!A0\"\r\n\"'-2+3\"\r\n\"'=HYPERLINK(\"\"http://x.example\"\",\"\"y\"\")\"\r\n\"'+1 555\"\r\n\"'-\"\r\n\"'@SUM(A1)\"\r\n",
            csv);
    }

    [Theory]
    [InlineData("-5", true)]
    [InlineData("-3.2%", true)]
    [InlineData("+1,234.50", true)]
    [InlineData("-$12.00", true)]
    [InlineData("-2+3", false)]
    [InlineData("-cmd|' /C calc'!A0", false)]
    [InlineData("+1 555", false)]
    [InlineData("=1", false)]
    [InlineData("-1,23", false)]
    [InlineData("-", false)]
    public void IsPlainNumber_OnlyASignedNumberAndNothingElse(string text, bool expected)
    {
        Assert.Equal(expected, CsvExport.IsPlainNumber(text));
    }

    [Fact]
    public async Task Write_NestedObjectsFlattenToDottedColumns_ArraysJoin_MissingIsEmpty()
    {
        var schema = Schema("""
            {"type":"array","items":{"type":"object","properties":{
              "title":{"type":"string"},
              "seller":{"type":"object","properties":{"name":{"type":"string"},"address":{"type":"object","properties":{"city":{"type":"string"}}}}},
              "tags":{"type":"array","items":{"type":"string"}},
              "specs":{"type":"object"},
              "in_stock":{"type":"boolean"}
            }}}
            """);
        var columns = CsvExport.ColumnsFor(schema);

        var csv = await Csv(columns,
        [
            Row("""{"title":"Tent","seller":{"name":"Acme","address":{"city":"Oslo"}},"tags":["2p","3-season"],"specs":{"kg":1.2},"in_stock":true}"""),
            Row("""{"title":"Stove","tags":[1,{"a":"b"}],"in_stock":false}"""),
        ]);

        Assert.Equal(["title", "seller.name", "seller.address.city", "tags", "specs", "in_stock"], columns);
        Assert.Equal(
            "title,seller.name,seller.address.city,tags,specs,in_stock\r\n" +
            "Tent,Acme,Oslo,2p; 3-season,\"{\"\"kg\"\":1.2}\",true\r\n" +
            "Stove,,,\"1; {\"\"a\"\":\"\"b\"\"}\",,false\r\n",
            csv);
    }

    [Fact]
    public void ColumnsFor_FieldsSchema_IsTheFieldsInOrder()
    {
        Assert.Equal(["title", "url", "price"], CsvExport.ColumnsFor(RetrieveSchema.FromFields(["title", "url", "price"])));
    }

    [Fact]
    public void Find_PrefersAnExactKeyWithADot_OverThePath()
    {
        var row = Row("""{"unit.price":"exact","unit":{"price":"nested"}}""");

        Assert.Equal("exact", CsvExport.Find(row, "unit.price")!.GetValue<string>());
        Assert.Equal("nested", CsvExport.Find(Row("""{"unit":{"price":"nested"}}"""), "unit.price")!.GetValue<string>());
    }

    [Fact]
    public async Task Write_100000RowsStreamedToATempFile_IsWrittenAsTheRowsArrive()
    {
        const int count = 100_000;
        var path = Path.Combine(Path.GetTempPath(), $"csv-export-{Guid.NewGuid():N}.csv");
        try
        {
            long writtenAtHalf = -1;
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 4096, useAsync: true))
            {
                async IAsyncEnumerable<JsonObject> Rows([EnumeratorCancellation] CancellationToken ct = default)
                {
                    for (var i = 0; i < count; i++)
                    {
                        if (i == count / 2)
                        {
                            writtenAtHalf = file.Length; // bytes already on disk when half the rows are made
                        }
                        yield return new JsonObject
                        {
                            ["id"] = i,
                            ["title"] = $"Item {i}, \"quoted\"",
                            ["price"] = i * 0.25,
                            ["note"] = i % 1000 == 0 ? "=danger\nnext line" : "plain",
                        };
                        if (i % 10_000 == 0)
                        {
                            await Task.Yield();
                        }
                    }
                }
                await CsvExport.WriteAsync(file, ["id", "title", "price", "note"], Rows(), CancellationToken.None);
            }

            var size = new FileInfo(path).Length;
            // Streaming: by the time half the rows exist, most of the first half is on disk already.
            Assert.True(writtenAtHalf > size / 3, $"only {writtenAtHalf} of {size} bytes were written when half the rows had been produced");

            var records = 0;
            var lines = 0;
            using (var reader = new StreamReader(path, Encoding.UTF8))
            {
                string? line;
                var inQuotes = false;
                while ((line = await reader.ReadLineAsync()) is not null)
                {
                    lines++;
                    inQuotes ^= line.Count(c => c == '"') % 2 == 1;
                    if (!inQuotes)
                    {
                        records++;
                    }
                }
            }
            Assert.Equal(count + 1, records);
            Assert.Equal(count + 1 + (count / 1000), lines); // one cell in a thousand holds a line break
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Write_Cancelled_Stops()
    {
        using var cts = new CancellationTokenSource();
        IEnumerable<JsonObject> Endless()
        {
            for (var i = 0; ; i++)
            {
                if (i == 10)
                {
                    cts.Cancel();
                }
                yield return new JsonObject { ["i"] = i };
            }
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CsvExport.WriteAsync(Stream.Null, ["i"], Endless(), cts.Token));
    }
}
