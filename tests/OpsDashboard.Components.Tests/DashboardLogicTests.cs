using OpsDashboard.Web.Components.Pages;
using OpsDashboard.Web.Dashboard;
using OpsDashboard.Web.Events;
using OpsDashboard.Web.Hubs;

namespace OpsDashboard.Components.Tests;

public class SchemaToolsTests
{
    [Fact]
    public void AllTemplatesAreValid()
    {
        foreach (var (name, schema) in SchemaTools.Templates)
        {
            Assert.True(SchemaTools.Validate(schema).IsValid, name);
        }
    }

    [Theory]
    [InlineData("""{"type":"array","items":{"type":"object","properties":{"sale":{"type":["number","null"]},"tags":{"type":"array","items":{"type":"string"}}}}}""")]
    [InlineData("""{"type":"array","items":{"type":"object","properties":{"seller":{"type":"object","properties":{"name":{"type":"string"}}},"status":{"type":"string","enum":["a","b"]}}}}""")]
    [InlineData("""{"type":"object","properties":{"name":{"type":"string"}}}""")]
    [InlineData("""{"type":"array","items":{"type":"object","properties":{"name":{"type":"strin"}}}}""")]
    [InlineData("""{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"}},"required":["nope"]}}""")]
    public void Validate_SaysWhatTheRetrieveApiSays(string schema)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(schema);
        var api = OpsDashboard.Core.Extraction.RetrieveSchema.Check(doc.RootElement);
        var check = SchemaTools.Validate(schema);
        Assert.Equal(api.Count == 0, check.IsValid);
        Assert.Equal(api.Select(e => e.Msg), check.Errors);
    }

    [Fact]
    public void BuildFromFields_SplitsOnCommasOnly_SnakeCasesSpaces_KeepsMoneyAsText()
    {
        var schema = SchemaTools.BuildFromFields("monthly spend, signed up,Name");
        var check = SchemaTools.Validate(schema);
        Assert.True(check.IsValid, string.Join("; ", check.Errors));
        Assert.Equal(["monthly_spend", "signed_up", "name"], check.Fields);
        using var doc = System.Text.Json.JsonDocument.Parse(schema);
        var spend = doc.RootElement.GetProperty("items").GetProperty("properties").GetProperty("monthly_spend");
        Assert.Equal("string", spend.GetProperty("type").GetString());
        Assert.Contains("currency", spend.GetProperty("description").GetString());
        Assert.Equal(["'monthly_spend' is typed string: money is kept as the page shows it (\"$174.00\", with its currency). Type it \"number\" for a plain amount (174)."], check.Notes);
    }

    [Fact]
    public void Validate_SaysWhenMoneyIsTypedNumber_AndNothingForOtherFields()
    {
        var check = SchemaTools.Validate("""{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"unitPrice":{"type":"number"},"seller":{"type":"object","properties":{"fee":{"type":"integer"}}},"rating":{"type":"number"}}}}""");

        Assert.True(check.IsValid);
        Assert.Equal(2, check.Notes.Count);
        Assert.StartsWith("'unitPrice' is typed number: \"$174.00\" is answered as 174", check.Notes[0]);
        Assert.StartsWith("'seller.fee' is typed integer", check.Notes[1]);
    }

    [Fact]
    public void Columns_SchemaOrderThenExtraRowKeys()
    {
        var columns = SchemaTools.Columns(SchemaTools.Templates["Links"], [new Dictionary<string, object?> { ["url"] = "u", ["extra"] = 1 }]);
        Assert.Equal(["text", "url", "extra"], columns);
    }
}

public class OperatorAuthTests
{
    [Fact]
    public void PasswordHash_VerifiesOnlyTheRightPassword()
    {
        var hash = OperatorPasswords.Hash("correct horse");
        Assert.StartsWith("pbkdf2-sha256$", hash);
        Assert.True(OperatorPasswords.Verify("correct horse", hash));
        Assert.False(OperatorPasswords.Verify("correct horsE", hash));
        Assert.False(OperatorPasswords.Verify("x", "plain-text-password"));
    }

    [Fact]
    public void Authenticate_ByNameAndPassword()
    {
        var ops = new List<OperatorAccount> { new() { Name = "ana", PasswordHash = OperatorPasswords.Hash("s3cret") } };
        Assert.Equal("ana", OperatorPasswords.Authenticate(ops, "ANA", "s3cret"));
        Assert.Null(OperatorPasswords.Authenticate(ops, "ana", "wrong"));
        Assert.Null(OperatorPasswords.Authenticate(ops, "bob", "s3cret"));
    }

    [Fact]
    public void LoginToken_GeneratedWhenNotConfigured()
    {
        var generated = new LoginTokens(Microsoft.Extensions.Options.Options.Create(new DashboardOptions()));
        Assert.True(generated.Generated);
        Assert.Equal(48, generated.Token.Length);
        Assert.True(generated.Check(generated.Token));
        Assert.False(generated.Check("nope"));
        var fixedToken = new LoginTokens(Microsoft.Extensions.Options.Options.Create(new DashboardOptions { LoginToken = "abc" }));
        Assert.False(fixedToken.Generated);
        Assert.True(fixedToken.Check("abc"));
    }

    [Theory]
    [InlineData("/sessions/x", "/sessions/x")]
    [InlineData("//evil.example", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData(null, "/")]
    public void ReturnUrl_OnlyLocalPaths(string? url, string expected) => Assert.Equal(expected, Login.SafeReturnUrl(url));
}

public class SessionRowTests
{
    private static OpsEvent E(long seq, string kind, string? status = null, int? steps = null) =>
        new(seq, DashboardTestContext.Start.AddSeconds(seq), kind, "t", "s", "info", status, "m", "http://u/", StepCount: steps);

    [Fact]
    public void EndedRows_IgnoreLateEvents_ButTakeTheEnding()
    {
        var row = SessionRow.FromOpened(E(1, OpsEventKinds.SessionOpened, "starting"));
        row.Apply(E(2, OpsEventKinds.SessionUpdated, "idle", 0));
        row.Apply(E(3, OpsEventKinds.StepStarted));
        Assert.Equal("busy", row.Status);
        row.Apply(E(4, OpsEventKinds.SessionEnded, "failed"));
        row.Apply(E(5, OpsEventKinds.StepFinished, "DONE", 1));
        Assert.Equal("failed", row.Status);
        Assert.Equal("m", row.LastError);
        Assert.False(row.IsLive);
    }

    [Fact]
    public void OlderEvents_AreIgnored()
    {
        var row = SessionRow.FromOpened(E(5, OpsEventKinds.SessionOpened, "starting"));
        row.Apply(E(7, OpsEventKinds.StepFinished, "DONE", 3));
        row.Apply(E(6, OpsEventKinds.StepStarted));
        Assert.Equal("idle", row.Status);
        Assert.Equal(3, row.StepCount);
    }
}

public class OrderedFeedTests
{
    [Fact]
    public async Task ReplaysAfterSeq_ThenLive_InOrder_NoDuplicates()
    {
        var bus = new OpsEventBus(TimeProvider.System);
        for (var i = 0; i < 5; i++)
        {
            bus.Publish((seq, at) => new OpsEvent(seq, at, OpsEventKinds.StepProgress, "t", i % 2 == 0 ? "a" : "b", "info"));
        }
        using var feed = new OrderedFeed(bus, e => e.SessionId == "a", afterSeq: 1);
        bus.Publish((seq, at) => new OpsEvent(seq, at, OpsEventKinds.StepProgress, "t", "a", "info"));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var got = new List<long>();
        await foreach (var e in feed.ReadAllAsync(cts.Token))
        {
            got.Add(e.Seq);
            if (got.Count == 3)
            {
                break;
            }
        }
        Assert.Equal([3L, 5L, 6L], got);
    }
}
