using static OpsDashboard.Core.Tests.Extraction.ExtractionAssert;

namespace OpsDashboard.Core.Tests.Extraction;

/// <summary>
/// Issue 11 §2, one mechanism per test, on small pages written for the test: who-did-it columns
/// (a column headed "By" and an "x_by" property beside its "x_at" time) and bylines ("Posted by …").
/// </summary>
public class ExtractorKindsTests
{
    [Fact]
    public void AgentColumn_By_GoesToTheXByProperty_AndTheTimeColumnToTheXAtProperty()
    {
        const string html = """
            <html><body><main><table><thead><tr><th>Change</th><th>Created</th><th>By</th></tr></thead><tbody>
            <tr><td>Raise pool size</td><td><time datetime="2026-11-30T10:00:00Z">2 days ago</time></td><td>mkim</td></tr>
            <tr><td>Rotate keys</td><td><time datetime="2026-11-29T08:15:00Z">3 days ago</time></td><td>ci-bot</td></tr>
            <tr><td>Drop legacy index</td><td><time datetime="2026-11-28T17:40:00Z">4 days ago</time></td><td>aokafor</td></tr>
            </tbody></table></main></body></html>
            """;
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{
              "change":{"type":"string"},"created_by":{"type":"string"},"created_at":{"type":"string","format":"date-time"}
            }}}
            """;

        var result = Extract(html, schema, url: "https://ops.example/changes");

        Rows("""
            [
              {"change":"Raise pool size","created_by":"mkim","created_at":"2026-11-30T10:00:00Z"},
              {"change":"Rotate keys","created_by":"ci-bot","created_at":"2026-11-29T08:15:00Z"},
              {"change":"Drop legacy index","created_by":"aokafor","created_at":"2026-11-28T17:40:00Z"}
            ]
            """, result.Rows);
    }

    [Fact]
    public void PostedBy_WithoutALabel_IsTheCardsByline_NotItsTime()
    {
        const string html = """
            <html><body><main><div class="threads">
            <div class="thread"><h3><a href="/t/1">Pool sizes for Postgres</a></h3><div class="meta">Posted by <a href="/u/ada">ada</a> · <time datetime="2026-11-30T10:00:00Z">2d</time></div></div>
            <div class="thread"><h3><a href="/t/2">Retry budgets</a></h3><div class="meta">Posted by <a href="/u/tomas">tomas</a> · <time datetime="2026-11-29T10:00:00Z">3d</time></div></div>
            <div class="thread"><h3><a href="/t/3">Why our queue stalled</a></h3><div class="meta">Posted by <a href="/u/mei">mei</a> · <time datetime="2026-11-28T10:00:00Z">4d</time></div></div>
            </div></main></body></html>
            """;
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{"title":{"type":"string"},"posted_by":{"type":"string"},"posted_at":{"type":"string","format":"date-time"}}}}
            """;

        var result = Extract(html, schema, url: "https://forum.example/");

        Assert.Equal(["ada", "tomas", "mei"], result.Rows.Select(r => r["posted_by"]?.GetValue<string>()));
        Assert.Equal("2026-11-30T10:00:00Z", result.Rows[0]["posted_at"]?.GetValue<string>());
    }

    [Fact]
    public void IdOnAnUnlabelledCardSubLine_GoesToTheIdProperty_NotTheRoleBesideIt()
    {
        const string html = """
            <html><body><main><ul>
            <li><a href="/people/1">Ann Lee</a><div class="sub">Staff Engineer · E-1042</div></li>
            <li><a href="/people/2">Bo Chan</a><div class="sub">Designer · E-1107</div></li>
            <li><a href="/people/3">Cy Moss</a><div class="sub">SRE Lead · E-1230</div></li>
            </ul></main></body></html>
            """;
        const string schema = """
            {"type":"array","items":{"type":"object","properties":{
              "name":{"type":"string"},"employee_id":{"type":"string"}
            }}}
            """;

        var result = Extract(html, schema, url: "https://people.example/");

        Rows("""
            [
              {"name":"Ann Lee","employee_id":"E-1042"},
              {"name":"Bo Chan","employee_id":"E-1107"},
              {"name":"Cy Moss","employee_id":"E-1230"}
            ]
            """, result.Rows);
    }
}
