using OpsDashboard.Core.Extraction;

namespace OpsDashboard.Core.Tests.Extraction;

public class MarkdownConverterTests
{
    [Fact]
    public void ToMarkdown_MainContent_HeadingsParagraphsListsTablesImagesAndAbsoluteLinks()
    {
        var md = MarkdownConverter.ToMarkdown(Pages.Article, new Uri("https://notes.example/posts/long-hike"));

        Assert.Equal("""
            # Packing for a *long* hike

            Start with the [big three](https://notes.example/guides/big-three): pack, tent and sleeping bag. Weigh **everything**.

            ## Checklist

            - Water filter
            - Layers
              - Rain jacket
              - Fleece
            - [Map](https://maps.example/trail) and compass

            3. Leave a plan
            4. Check the forecast

            | Item | Weight (g) |
            | --- | --- |
            | Tent | 1,200 |
            | Stove \| fuel | 350 |

            ![The trail at dawn](https://notes.example/img/trail.jpg)  
            Photo: the trail at dawn.

            """.ReplaceLineEndings("\n"), md);
    }

    [Fact]
    public void ToMarkdown_SkipsNavFooterAsideScriptsAndHiddenElements()
    {
        var md = MarkdownConverter.ToMarkdown(Pages.Article, new Uri("https://notes.example/"));

        Assert.DoesNotContain("Home", md);
        Assert.DoesNotContain("Privacy", md);
        Assert.DoesNotContain("Related", md);
        Assert.DoesNotContain("console", md);
        Assert.DoesNotContain("hidden", md);
    }

    [Fact]
    public void ToMarkdown_NoMainElement_PicksTheBlockWithTheMostProse()
    {
        const string html = """
            <html><body>
              <div class="menu"><a href="/a">A</a> <a href="/b">B</a> <a href="/c">C</a> <a href="/d">D</a></div>
              <div class="content">
                <h2>Why tents leak</h2>
                <p>Most leaks come from the seams, which lose their tape after a few seasons of sun and frost.</p>
                <p>Condensation, however, is often mistaken for a leak, especially in single-wall shelters.</p>
              </div>
              <div class="promo"><p>Sign up for deals.</p></div>
            </body></html>
            """;

        var md = MarkdownConverter.ToMarkdown(html, new Uri("https://tents.example/"));

        Assert.Equal("## Why tents leak\n\nMost leaks come from the seams, which lose their tape after a few seasons of sun and frost.\n\nCondensation, however, is often mistaken for a leak, especially in single-wall shelters.\n", md);
    }

    [Fact]
    public void ToMarkdown_QuotesCodeAndDefinitionLists()
    {
        const string html =
            "<html><body><main>" +
            "<blockquote><p>Leave no trace.</p><p>Take only pictures.</p></blockquote>" +
            "<pre>ssh -p 2222 host\nexit</pre>" +
            "<p>Run <code>make test</code> first.</p>" +
            "<dl><dt>Weight</dt><dd>1.2 kg</dd></dl>" +
            "</main></body></html>";

        var md = MarkdownConverter.ToMarkdown(html, new Uri("https://x.example/"));

        Assert.Equal("> Leave no trace.\n>\n> Take only pictures.\n\n```\nssh -p 2222 host\nexit\n```\n\nRun `make test` first.\n\n**Weight**\n\n1.2 kg\n", md);
    }

    [Fact]
    public void ToMarkdown_EmptyPage_IsEmpty()
    {
        Assert.Equal("", MarkdownConverter.ToMarkdown("<html><body></body></html>", new Uri("https://x.example/")));
    }
}
