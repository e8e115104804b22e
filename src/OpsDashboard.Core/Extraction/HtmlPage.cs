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
    private const string NeverContent = "script, style, noscript, template, head, iframe, object, embed, [data-ops-hidden], [hidden]";

    /// <summary>Class names of text that is on the page for screen readers only ("Regular price", "Sale price").</summary>
    private static readonly HashSet<string> VisuallyHiddenClasses = new(StringComparer.OrdinalIgnoreCase)
    {
        "sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text", "screen-reader-only", "screenreader", "a11y-hidden", "u-visually-hidden",
        "hidden-visually", "offscreen", "sr-text", "assistive-text", "element-invisible", "show-for-sr", "vh", "a11y-only", "u-sr-only",
    };

    private static readonly HashSet<string> BlockTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "body", "dd", "details", "dialog", "div", "dl", "dt", "fieldset",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
        "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
        "br", "option", "button", "label", "img", "picture",
    };

    private HtmlPage(IHtmlDocument document, Uri baseUri, IReadOnlyList<string> jsonLd, IReadOnlyDictionary<string, string> openGraph)
    {
        Document = document;
        BaseUri = baseUri;
        JsonLd = jsonLd;
        OpenGraph = openGraph;
    }

    /// <summary>The page's JSON-LD blocks (<c>script type="application/ld+json"</c>), read before scripts are removed.</summary>
    public IReadOnlyList<string> JsonLd { get; }

    /// <summary>The page's OpenGraph properties (<c>og:title</c>, <c>og:image</c>…).</summary>
    public IReadOnlyDictionary<string, string> OpenGraph { get; }

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
        var jsonLd = document.QuerySelectorAll("script[type='application/ld+json' i]").Select(e => e.TextContent).Where(t => t.Length > 0).ToList();
        var og = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var meta in document.QuerySelectorAll("meta[property^='og:'], meta[name^='og:']"))
        {
            var key = meta.GetAttribute("property") ?? meta.GetAttribute("name")!;
            if (meta.GetAttribute("content") is { Length: > 0 } content)
            {
                og.TryAdd(key[3..], content);
            }
        }
        KeepNoscriptImages(document);
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
        foreach (var element in document.QuerySelectorAll("[aria-hidden='true' i]").ToList())
        {
            // aria-hidden hides from screen readers, not from the eye: a struck price, a thumbnail
            // link or a date stays; separators and icon glyphs go.
            if (!element.TextContent.Any(char.IsDigit) && element.QuerySelector("img, picture") is null && element.LocalName != "img"
                && !(element.GetAttribute("style") ?? "").Contains("background", StringComparison.OrdinalIgnoreCase)
                && element.QuerySelector("[style*=background]") is null)
            {
                element.Remove();
            }
        }
        foreach (var element in document.QuerySelectorAll("[class], [style]").ToList())
        {
            // Screen-reader-only helper text is never a value (labels in headers are kept: they name columns).
            if ((element.ClassList.Any(IsVisuallyHiddenClass) || IsClipHidden(element.GetAttribute("style"))) && element.Closest("th, thead, label, dt, legend, caption") is null
                && !SpeaksForIcons(element))
            {
                element.Remove();
            }
        }
        MarkIconGlyphs(document);
        return new HtmlPage(document, baseUri, jsonLd, og);
    }

    /// <summary>
    /// Screen-reader text that is what its parent says: the parent shows nothing else a person could read (a check or
    /// dash icon with "Included" / "Not included", an overlay link named only by it, "Not yet reviewed"), or it states a
    /// rating the eye reads from star glyphs ("Rating 4.6 out of 5 stars").
    /// </summary>
    private static bool SpeaksForIcons(IElement element)
    {
        var own = element.TextContent;
        if (!own.Any(char.IsLetterOrDigit) || element.ParentElement is not { } parent)
        {
            return false;
        }
        if (element.ParentElement.Closest("a, button") is { } control)
        {
            // A link or button named only by it ("<a><span class=sr-only>Platform Engineer</span></a>", a wishlist
            // icon button) is named so, as an aria-label would: its name, not text that competes with the card's.
            if (!control.HasAttribute("aria-label") && !control.TextContent.Replace(own, "", StringComparison.Ordinal).Any(char.IsLetterOrDigit))
            {
                control.SetAttribute("aria-label", Collapse(own));
            }
            return false;
        }
        if (own.Length <= 120 && ValueParsers.RatingOutOfIn(own))
        {
            return true;
        }
        // an icon beside it that names itself (title="Operational") already says it
        var rest = parent.TextContent.Replace(own, "", StringComparison.Ordinal);
        return !rest.Any(char.IsLetterOrDigit)
            && !parent.QuerySelectorAll("[title], [aria-label]").Any(e => e != element && !element.Contains(e) && (e.GetAttribute("title") ?? e.GetAttribute("aria-label") ?? "").Any(char.IsLetter));
    }

    /// <summary>A lazy image's noscript fallback: its src is kept on the img beside it (<c>data-ops-noscript-src</c>).</summary>
    private static void KeepNoscriptImages(IHtmlDocument document)
    {
        foreach (var noscript in document.QuerySelectorAll("noscript").ToList())
        {
            var fallback = noscript.QuerySelector("img[src]")?.GetAttribute("src");
            if (fallback is null)
            {
                // With scripting on, a parser keeps noscript as text: read the src from it.
                var m = System.Text.RegularExpressions.Regex.Match(noscript.TextContent, "<img[^>]*\\ssrc=[\"']([^\"']+)[\"']", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
                fallback = m.Success ? m.Groups[1].Value : null;
            }
            if (fallback is null || fallback.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var img = noscript.PreviousElementSibling is { LocalName: "img" } prev ? prev
                : noscript.ParentElement?.QuerySelectorAll("img").FirstOrDefault(i => i.Closest("noscript") is null);
            img?.SetAttribute("data-ops-noscript-src", fallback);
        }
    }

    /// <summary>
    /// Leaf elements showing only symbols (⋮, ×, ›, ●, ★, ♡): their glyph is never a value. A
    /// non-interactive one named by a title or aria-label ("Healthy") reads as that name; the others read as nothing.
    /// </summary>
    private static void MarkIconGlyphs(IHtmlDocument document)
    {
        foreach (var element in document.QuerySelectorAll("body *").ToList())
        {
            if (element.ChildElementCount > 0 || element.LocalName is "img" or "input" or "textarea" or "select" or "option" or "td" or "th" or "dd")
            {
                continue;
            }
            var text = element.TextContent;
            if (text.Length == 0 || text.Length > 12 || !IsSymbolsOnly(text))
            {
                continue;
            }
            var name = element.GetAttribute("title") ?? element.GetAttribute("aria-label");
            if (IsCheckGlyph(text) && name is null && element.LocalName is not ("button" or "a"))
            {
                continue; // ✓ and ✗ are yes and no
            }
            element.TextContent = element.LocalName is not ("button" or "a") && name is { Length: > 0 } && name.Any(char.IsLetter) ? name : "";
        }
    }

    /// <summary>A tick or a cross: a yes/no value, not decoration.</summary>
    public static bool IsCheckGlyph(string text) => text.Trim() is "✓" or "✔" or "✗" or "✘" or "×" or "☑" or "☒" or "☐" or "✅" or "❌" or "✕" or "✖";

    /// <summary>Text with no letter and no digit (glyphs, arrows, dots, emoji, punctuation).</summary>
    public static bool IsSymbolsOnly(string text) =>
        text.Any(c => !char.IsWhiteSpace(c)) && !text.Any(c => char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.CurrencySymbol);

    // Words of class names that hide text from the eye but not from screen readers, whatever the
    // prefix and separators: govuk-visually-hidden, ui-helper-hidden-accessible, accessible-text, u-srOnly.
    private static readonly string[] VisuallyHiddenWords = ["visuallyhidden", "hiddenvisually", "sronly", "screenreader", "hiddenaccessible", "accessibletext", "assistivetext", "a11yonly", "readeronly"];

    /// <summary>A class name for screen-reader-only text.</summary>
    public static bool IsVisuallyHiddenClass(string name)
    {
        if (VisuallyHiddenClasses.Contains(name))
        {
            return true;
        }
        var folded = name.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
        return VisuallyHiddenWords.Any(w => folded.Contains(w, StringComparison.Ordinal));
    }

    /// <summary>The inline form of screen-reader-only text: clipped to nothing, or a 1px box with its overflow hidden.</summary>
    public static bool IsClipHidden(string? style)
    {
        if (string.IsNullOrEmpty(style))
        {
            return false;
        }
        var s = style.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
        return s.Contains("clip:rect(0", StringComparison.Ordinal) || s.Contains("clip:rect(1px", StringComparison.Ordinal) || s.Contains("clip-path:inset(50%)", StringComparison.Ordinal)
            || (s.Contains("width:1px", StringComparison.Ordinal) && s.Contains("height:1px", StringComparison.Ordinal) && s.Contains("overflow:hidden", StringComparison.Ordinal));
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
