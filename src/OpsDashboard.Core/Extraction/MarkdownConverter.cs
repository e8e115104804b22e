using System.Text;
using AngleSharp.Dom;

namespace OpsDashboard.Core.Extraction;

/// <summary>
/// The page's main content as Markdown: <c>main</c> (or the one <c>article</c>, or the block a
/// readability-style score picks), with headings, paragraphs, lists, absolute links, pipe tables
/// and images. Navigation, footers, asides, scripts, styles, form controls and <c>data-ops-hidden</c>
/// elements are left out. Text is written as it reads; only <c>|</c> in table cells is escaped.
/// </summary>
public static class MarkdownConverter
{
    private const char LineBreak = '\uE000';

    private static readonly HashSet<string> Chrome = new(StringComparer.Ordinal)
    {
        "nav", "footer", "aside", "button", "input", "select", "textarea", "dialog", "menu",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal)
    {
        "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "table", "pre", "blockquote", "hr", "div", "section", "article",
        "main", "header", "figure", "figcaption", "dl", "dt", "dd", "details", "summary", "fieldset", "address", "li", "center", "form",
    };

    public static string ToMarkdown(string html, Uri pageUrl)
    {
        ArgumentNullException.ThrowIfNull(pageUrl);
        var page = HtmlPage.Load(html ?? "", pageUrl);
        foreach (var element in page.Body.QuerySelectorAll("nav, footer, aside, button, input, select, textarea, dialog, [role=navigation], [role=contentinfo], [role=complementary], [role=dialog], [aria-modal=true]").ToList())
        {
            element.Remove();
        }
        var root = MainContent(page);
        var writer = new Writer(new RecordMapper(page), page);
        writer.Container(root);
        return writer.Result();
    }

    /// <summary>main / [role=main], else the single (or longest) article, else the best-scoring block.</summary>
    private static IElement MainContent(HtmlPage page)
    {
        var body = page.Body;
        if (body.QuerySelector("main, [role=main]") is { } main)
        {
            return main;
        }
        var articles = body.QuerySelectorAll("article").Where(a => a.ParentElement?.Closest("article") is null).ToList();
        if (articles.Count == 1)
        {
            return articles[0];
        }
        var scores = new Dictionary<IElement, double>();
        foreach (var p in body.QuerySelectorAll("p, pre, td, blockquote, li"))
        {
            var text = HtmlPage.Text(p);
            if (text.Length < 25)
            {
                continue;
            }
            var score = 1 + text.Count(c => c == ',') + Math.Min(3, text.Length / 100.0);
            if (p.ParentElement is { } parent)
            {
                scores[parent] = scores.GetValueOrDefault(parent) + score;
                if (parent.ParentElement is { } grand && grand != body.ParentElement)
                {
                    scores[grand] = scores.GetValueOrDefault(grand) + (score / 2);
                }
            }
        }
        IElement? best = null;
        var bestScore = 0.0;
        foreach (var (element, score) in scores)
        {
            var text = Math.Max(1, HtmlPage.Text(element).Length);
            var linkText = element.QuerySelectorAll("a").Sum(a => HtmlPage.Text(a).Length);
            var adjusted = score * (1 - Math.Min(1.0, (double)linkText / text));
            if (adjusted > bestScore)
            {
                bestScore = adjusted;
                best = element;
            }
        }
        return best ?? body;
    }

    private sealed class Writer(RecordMapper mapper, HtmlPage page)
    {
        private readonly List<string> _blocks = [];
        private readonly RecordMapper _mapper = mapper;
        private readonly HtmlPage _page = page;

        public string Result()
        {
            var text = string.Join("\n\n", _blocks.Where(b => b.Length > 0));
            return text.Length == 0 ? "" : text + "\n";
        }

        private void Emit(string block)
        {
            block = block.Trim('\n');
            if (block.Trim().Length > 0)
            {
                _blocks.Add(block);
            }
        }

        /// <summary>Mixed content: runs of inline nodes become paragraphs; block children are written as blocks.</summary>
        public void Container(IElement element)
        {
            var run = new StringBuilder();
            void Flush()
            {
                Emit(Paragraph(run.ToString()));
                run.Clear();
            }
            foreach (var child in element.ChildNodes)
            {
                if (child is IElement e && Blocks.Contains(e.LocalName))
                {
                    Flush();
                    Block(e);
                }
                else
                {
                    run.Append(Inline(child, inTable: false));
                }
            }
            Flush();
        }

        private void Block(IElement e)
        {
            switch (e.LocalName)
            {
                case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                    Emit(new string('#', e.LocalName[1] - '0') + " " + Paragraph(InlineChildren(e, false)).Replace("  \n", " ", StringComparison.Ordinal));
                    break;
                case "p" or "summary" or "figcaption" or "address" or "dd":
                    Emit(Paragraph(InlineChildren(e, false)));
                    break;
                case "dt":
                    Emit("**" + Paragraph(InlineChildren(e, false)) + "**");
                    break;
                case "ul" or "ol":
                    Emit(string.Join('\n', ListLines(e, 0)));
                    break;
                case "table":
                    Emit(Table(e));
                    break;
                case "pre":
                    Emit("```\n" + e.TextContent.Trim('\n') + "\n```");
                    break;
                case "hr":
                    Emit("---");
                    break;
                case "blockquote":
                    {
                        var inner = new Writer(_mapper, _page);
                        inner.Container(e);
                        var quoted = string.Join('\n', inner.Result().TrimEnd('\n').Split('\n').Select(l => l.Length == 0 ? ">" : "> " + l));
                        Emit(quoted);
                        break;
                    }
                default:
                    Container(e);
                    break;
            }
        }

        private List<string> ListLines(IElement list, int indent)
        {
            var lines = new List<string>();
            var ordered = list.LocalName == "ol";
            var number = int.TryParse(list.GetAttribute("start"), out var start) ? start : 1;
            foreach (var li in list.Children.Where(c => c.LocalName == "li"))
            {
                var marker = ordered ? $"{number++}. " : "- ";
                var text = new StringBuilder();
                var nested = new List<IElement>();
                foreach (var child in li.ChildNodes)
                {
                    if (child is IElement c && c.LocalName is "ul" or "ol")
                    {
                        nested.Add(c);
                    }
                    else
                    {
                        text.Append(' ').Append(Inline(child, false)).Append(' ');
                    }
                }
                var content = Paragraph(text.ToString()).Replace("\n", "\n" + new string(' ', indent + marker.Length), StringComparison.Ordinal);
                if (content.Length == 0 && nested.Count == 0)
                {
                    continue;
                }
                lines.Add(new string(' ', indent) + marker + content);
                foreach (var n in nested)
                {
                    lines.AddRange(ListLines(n, indent + marker.Length));
                }
            }
            return lines;
        }

        private string Table(IElement table)
        {
            var rows = table.QuerySelectorAll(":scope > tr, :scope > thead > tr, :scope > tbody > tr, :scope > tfoot > tr")
                .Select(r => r.Children.Where(c => c.LocalName is "td" or "th").Select(c => Cell(c)).ToList())
                .Where(r => r.Count > 0)
                .ToList();
            if (rows.Count == 0)
            {
                return "";
            }
            var width = rows.Max(r => r.Count);
            var sb = new StringBuilder();
            void Row(List<string> cells)
            {
                sb.Append('|');
                for (var i = 0; i < width; i++)
                {
                    sb.Append(' ').Append(i < cells.Count ? cells[i] : "").Append(" |");
                }
                sb.Append('\n');
            }
            Row(rows[0]);
            sb.Append('|').Append(string.Concat(Enumerable.Repeat(" --- |", width))).Append('\n');
            foreach (var row in rows.Skip(1))
            {
                Row(row);
            }
            return sb.ToString();
        }

        private string Cell(IElement cell) => Paragraph(InlineChildren(cell, true)).Replace("|", "\\|", StringComparison.Ordinal);

        private string InlineChildren(IElement e, bool inTable)
        {
            var sb = new StringBuilder();
            foreach (var child in e.ChildNodes)
            {
                sb.Append(Inline(child, inTable));
            }
            return sb.ToString();
        }

        private string Inline(INode node, bool inTable)
        {
            if (node is IText text)
            {
                return text.Data;
            }
            if (node is not IElement e || Chrome.Contains(e.LocalName))
            {
                return "";
            }
            switch (e.LocalName)
            {
                case "br":
                    return inTable ? " " : LineBreak.ToString();
                case "img":
                    {
                        var src = _mapper.ImageOf(e);
                        return src is null ? "" : $"![{HtmlPage.Collapse(e.GetAttribute("alt") ?? "")}]({src})";
                    }
                case "a":
                    {
                        var inner = HtmlPage.Collapse(InlineChildren(e, inTable).Replace(LineBreak, ' '));
                        if (inner.Length == 0)
                        {
                            inner = e.GetAttribute("aria-label") ?? e.GetAttribute("title") ?? "";
                        }
                        var href = _page.Absolute(e.GetAttribute("href"));
                        return href is null || inner.Length == 0 ? inner : $" [{inner}]({href}) ";
                    }
                case "strong" or "b":
                    return Wrap("**", InlineChildren(e, inTable));
                case "em" or "i":
                    return Wrap("*", InlineChildren(e, inTable));
                case "del" or "s" or "strike":
                    return Wrap("~~", InlineChildren(e, inTable));
                case "code" or "kbd" or "samp":
                    return Wrap("`", e.TextContent);
                default:
                    {
                        var inner = InlineChildren(e, inTable);
                        return Blocks.Contains(e.LocalName) || HtmlPage.IsBlock(e) ? $" {inner} " : inner;
                    }
            }
        }

        private static string Wrap(string mark, string inner)
        {
            var t = HtmlPage.Collapse(inner);
            return t.Length == 0 ? "" : $" {mark}{t}{mark} ";
        }

        /// <summary>Whitespace collapsed, the spaces put around links and emphasis tidied before punctuation, line breaks kept.</summary>
        private static string Paragraph(string raw)
        {
            var lines = raw.Split(LineBreak).Select(l => Tidy(HtmlPage.Collapse(l))).Where(l => l.Length > 0);
            return string.Join("  \n", lines);
        }

        private static string Tidy(string s)
        {
            var sb = new StringBuilder(s.Length);
            for (var i = 0; i < s.Length; i++)
            {
                if (s[i] == ' ' && i + 1 < s.Length && s[i + 1] is '.' or ',' or ';' or ':' or '!' or '?' or ')')
                {
                    continue;
                }
                sb.Append(s[i]);
            }
            return sb.ToString();
        }
    }
}
