using System.Runtime.CompilerServices;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

[assembly: InternalsVisibleTo("OpsDashboard.Core.Tests")]

namespace OpsDashboard.Core.Extraction;

/// <summary>A parsed page with everything a reader must not see already removed.</summary>
internal sealed class HtmlPage
{
    /// <summary>Elements that never carry content a person reads on the page.</summary>
    private const string NeverContent = "script, style, noscript, template, head, iframe, object, embed, [data-ops-hidden], [hidden], [aria-hidden='true']";

    private static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "body", "dd", "details", "dialog", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
        "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
        "br", "option", "button", "label", "img", "picture",
    };

    private HtmlPage(IHtmlDocument document, Uri baseUri)
    {
        Document = document;
        BaseUri = baseUri;
    }

    public IHtmlDocument Document { get; }

    public Uri BaseUri { get; }

    public IElement Body => Document.Body ?? Document.DocumentElement;

    public static HtmlPage Load(string html, Uri pageUrl)
    {
        var document = new HtmlParser().ParseDocument(html ?? "");
        var baseUri = pageUrl;
        var baseHref = document.QuerySelector("base[href]")?.GetAttribute("href");
        if (!string.IsNullOrWhiteSpace(baseHref) && Uri.TryCreate(pageUrl, baseHref.Trim(), out var b))
        {
            baseUri = b;
        }
        foreach (var element in document.QuerySelectorAll(NeverContent).ToList())
        {
            // <head> holds <base> and <title>: both already read, and nothing in it is visible.
            element.Remove();
        }
        foreach (var element in document.QuerySelectorAll("[style]").ToList())
        {
            if (IsStyledInvisible(element.GetAttribute("style")!))
            {
                element.Remove();
            }
        }
        return new HtmlPage(document, baseUri);
    }

    private static bool IsStyledInvisible(string style)
    {
        var s = style.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        return s.Contains("display:none", StringComparison.Ordinal) || s.Contains("visibility:hidden", StringComparison.Ordinal);
    }

    /// <summary>An absolute URL for an href or src, or null for fragments, scripts and blanks.</summary>
    public string? Absolute(string? href)
    {
        if (string.IsNullOrWhiteSpace(href))
        {
            return null;
        }
        href = href.Trim();
        if (href.StartsWith('#') || href.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return Uri.TryCreate(BaseUri, href, out var uri) ? uri.AbsoluteUri : null;
    }

    public static bool IsBlock(IElement element) => BlockTags.Contains(element.LocalName);

    /// <summary>
    /// The text a person reads in an element: whitespace collapsed, and a space where blocks meet
    /// (DOM <c>textContent</c> glues <c>&lt;h2&gt;A&lt;/h2&gt;&lt;p&gt;B&lt;/p&gt;</c> into "AB").
    /// </summary>
    public static string Text(INode node)
    {
        var sb = new StringBuilder();
        AppendText(node, sb);
        return Collapse(sb);
    }

    private static void AppendText(INode node, StringBuilder sb)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText text)
            {
                sb.Append(text.Data);
            }
            else if (child is IElement element)
            {
                var block = IsBlock(element);
                if (block)
                {
                    sb.Append(' ');
                }
                AppendText(element, sb);
                if (block)
                {
                    sb.Append(' ');
                }
            }
        }
    }

    /// <summary>Text of the node's own text children only, collapsed.</summary>
    public static string OwnText(IElement element)
    {
        var sb = new StringBuilder();
        foreach (var child in element.ChildNodes)
        {
            if (child is IText text)
            {
                sb.Append(text.Data).Append(' ');
            }
        }
        return Collapse(sb);
    }

    public static string Collapse(StringBuilder sb)
    {
        var result = new StringBuilder(sb.Length);
        var space = false;
        for (var i = 0; i < sb.Length; i++)
        {
            var c = sb[i];
            if (char.IsWhiteSpace(c))
            {
                space = result.Length > 0;
                continue;
            }
            if (space)
            {
                result.Append(' ');
                space = false;
            }
            result.Append(c);
        }
        return result.ToString();
    }

    public static string Collapse(string s) => Collapse(new StringBuilder(s));

    /// <summary>Class tokens, lower-cased, with digits stripped (<c>col-3</c> and <c>col-4</c> look alike).</summary>
    public static IEnumerable<string> ClassTokens(IElement element)
    {
        foreach (var token in element.ClassList)
        {
            var stripped = new string([.. token.Where(c => !char.IsDigit(c))]).Trim('-', '_').ToLowerInvariant();
            if (stripped.Length > 0)
            {
                yield return stripped;
            }
        }
    }

    /// <summary>A short CSS-like name for an element: <c>div.product-card</c>, <c>table#customers</c>.</summary>
    public static string Describe(IElement element)
    {
        if (!string.IsNullOrEmpty(element.Id) && element.Id.Length <= 40)
        {
            return $"{element.LocalName}#{element.Id}";
        }
        var cls = element.ClassList.FirstOrDefault(c => c.Length <= 40);
        return cls is null ? element.LocalName : $"{element.LocalName}.{cls}";
    }
}
