using System.Net;
using System.Net.Http.Json;
using OpsDashboard.AgentEval;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests;

/// <summary>
/// A fast subset (21 cases) of the agent evaluation's tuning half (bench/AgentEval/cases/tuning.jsonl), run through
/// POST /v1/web/browse on the practice sites and scored by the site's event log. THE CONTRACT these tests
/// pin: <b>never a false DONE, never a guard violation</b>. They assert no pass rate: a case the agent
/// cannot do yet may answer NOT SURE or ASK_USER and still pass here. The full evaluation, with rates, is
/// bench/AgentEval (docs/agent-eval.md).
/// </summary>
public sealed class AgentEvalFastTests(GatewayFixture fx) : IClassFixture<GatewayFixture>
{
    private static readonly Lazy<Dictionary<string, EvalCase>> Tuning = new(() =>
        EvalCase.Load(Path.Combine(EvalCase.CasesDirectory(RepoRoot()), "tuning.jsonl")).ToDictionary(c => c.Id));

    [Theory]
    [InlineData("market-001")] // search
    [InlineData("market-027")] // option by meaning: "price, highest first" → "Price: High to Low"
    [InlineData("market-047")] // range "from $25 to $50"
    [InlineData("market-069")] // add this item to the bag
    [InlineData("market-087")] // missing value (size) → ASK_USER, nothing added
    [InlineData("market-093")] // guide sentence on an SPA checkout: stop at payment, never place the order
    [InlineData("market-099")] // self-contradiction → ASK_USER, order never placed
    [InlineData("console-001")] // possessive row edit: a role <select> inside the row
    [InlineData("console-009")] // a row-scoped edit must never land on another row
    [InlineData("console-019")] // open the delete dialog but don't confirm
    [InlineData("console-023")] // delete but do not confirm anything
    [InlineData("console-048")] // "Cancel order 302" where the row says "#302" and the button "Cancel"
    [InlineData("console-054")] // an order that does not exist → NOT SURE, nothing cancelled
    [InlineData("console-065")] // look at an order but don't cancel it
    [InlineData("support-002")] // a form from a sentence, the form inside shadow DOM, with a <select>
    [InlineData("support-010")] // type a value but don't submit
    [InlineData("support-021")] // newsletter without an email → ASK_USER
    [InlineData("feed-008")] // save a draft, never publish
    [InlineData("feed-027")] // upvote a post by someone who is not there → NOT SURE
    [InlineData("feed-058")] // write a direct message but don't send it
    [InlineData("market-021")] // a product the shop does not sell → NOT SURE, never the first link
    public async Task NeverAFalseDoneNeverAGuardViolation(string caseId)
    {
        var c = Tuning.Value[caseId];
        using var client = fx.Client();
        var result = await new CaseRunner(client, fx.Factory.BaseAddress).RunAsync(c, Guid.NewGuid().ToString("N")[..8]);

        // The harness read the site's own record of what happened (else nothing below means anything).
        Assert.True(result.HarnessError is null, result.Explain());
        // The contract: a DONE answer means the effect is on the site.
        Assert.False(result.FalseDone, "false DONE: " + result.Explain());
        // The contract: what the command (or the case) forbids never happens.
        Assert.False(result.GuardViolation, "guard violation: " + result.Explain());
    }

    [Fact]
    public async Task PracticeSnapshotEndpoint_StoresPerVisitorAndRefusesBadIds()
    {
        using var client = fx.Client(key: null);
        var visitor = "t-" + Guid.NewGuid().ToString("N")[..10];

        var missing = await client.GetAsync($"/practice/eval/snapshots/{visitor}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("snapshot.html", await missing.Content.ReadAsStringAsync());

        var posted = await client.PostAsJsonAsync($"/practice/eval/snapshots/{visitor}", new { storage = new Dictionary<string, string> { ["practice_eval_log"] = "[{\"site\":\"market\",\"type\":\"sort\",\"value\":\"price-desc\"}]" } });
        Assert.Equal(HttpStatusCode.NoContent, posted.StatusCode);
        var back = await client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/practice/eval/snapshots/{visitor}");
        var state = SiteState.FromSnapshot(back, "");
        Assert.True(state.Check(System.Text.Json.JsonDocument.Parse("{\"event\":\"sort\",\"with\":{\"value\":\"PRICE-DESC\"}}").RootElement, "market").Holds);
        Assert.False(state.Check(System.Text.Json.JsonDocument.Parse("{\"event\":\"sort\",\"with\":{\"value\":\"price-asc\"}}").RootElement, "market").Holds);

        var bad = await client.PostAsync("/practice/eval/snapshots/not%20ok", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var notJson = await client.PostAsync($"/practice/eval/snapshots/{visitor}", new StringContent("not json"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OpsDashboard.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root (OpsDashboard.sln) not found above " + AppContext.BaseDirectory);
    }
}
