using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace OpsDashboard.Core.Extraction;

/// <summary>A label seen inside a record and the value it names.</summary>
/// <param name="Label">The label as written ("Email", "Unit price ($)", a class name).</param>
/// <param name="Tokens">The label's words, folded for matching.</param>
/// <param name="Element">The element holding the value, when there is one.</param>
/// <param name="Text">The value's text.</param>
/// <param name="Weight">How much the label is trusted: a column header or dt is, a class name less.</param>
/// <param name="FromClass">A class name: matched by its own words only, not by synonyms ("name" is not a title).</param>
/// <param name="FromLink">A link's path folder ("/company/…"): it names what the link's text is, for a plain text property only.</param>
internal sealed record LabelPair(string Label, List<string> Tokens, IElement? Element, string Text, double Weight, bool FromClass = false, bool FromLink = false);

/// <summary>One data record: a card, a list item, a table row, or a dt/dd group (several roots).</summary>
internal sealed partial class Record
{
    private static readonly HashSet<string> AdWords = new(StringComparer.Ordinal) { "sponsored", "sponsor", "promoted", "advert", "advertisement", "advertising", "ad", "ads", "adslot", "adunit" };

    private static readonly HashSet<string> AdLabels = new(StringComparer.Ordinal)
    {
        "sponsored", "ad", "ads", "advertisement", "promoted", "sponsored result", "sponsored link", "sponsored links", "sponsored ad", "promoted result", "anzeige", "publicité", "annonce", "patrocinado",
    };

    // data-* attributes whose value says what kind of thing the element is (data-type="ad").
    private static readonly HashSet<string> KindAttributes = new(StringComparer.Ordinal)
    {
        "data-type", "data-kind", "data-component-type", "data-testid", "data-test", "data-test-id", "data-role", "data-label", "data-variant", "data-placement", "data-source", "data-result-type", "data-item-type",
    };

    private string? _text;
    private List<IElement>? _elements;
    private Dictionary<IElement, string>? _texts;
    private List<LabelPair>? _labels;
    private bool? _sponsored;

    public Record(IReadOnlyList<IElement> roots, IReadOnlyList<IElement?>? cells = null, IReadOnlyList<string>? headers = null)
    {
        Roots = roots;
        Cells = cells;
        Headers = headers;
    }

    public IReadOnlyList<IElement> Roots { get; }

    /// <summary>For a table row: the cell under each column (null where a row is short).</summary>
    public IReadOnlyList<IElement?>? Cells { get; }

    /// <summary>For a table row: the column headers.</summary>
    public IReadOnlyList<string>? Headers { get; }

    public string Text => _text ??= string.Join(' ', Roots.Select(TextOf)).Trim();

    /// <summary>The roots and everything inside them, in document order (walked once).</summary>
    public IReadOnlyList<IElement> Elements => _elements ??= Collect();

    public IEnumerable<IElement> Descendants => Elements.Where(e => !Roots.Contains(e));

    public IEnumerable<IElement> SelfAndDescendants => Elements;

    public bool HasContent => Text.Length > 0 || Elements.Any(e => e.LocalName is "img" or "input" || (e.LocalName == "a" && e.HasAttribute("href")));

    /// <summary>An element's readable text (<see cref="HtmlPage.Text"/>), computed once per element of the record.</summary>
    public string TextOf(IElement element)
    {
        _texts ??= [];
        if (!_texts.TryGetValue(element, out var text))
        {
            _texts[element] = text = HtmlPage.Text(element);
        }
        return text;
    }

    public IEnumerable<IElement> Tagged(string tag) => Elements.Where(e => e.LocalName == tag);

    private List<IElement> Collect()
    {
        var list = new List<IElement>();
        void Walk(IElement e)
        {
            list.Add(e);
            foreach (var child in e.Children)
            {
                Walk(child);
            }
        }
        foreach (var root in Roots)
        {
            Walk(root);
        }
        return list;
    }

    public IElement? Query(string selector)
    {
        foreach (var root in Roots)
        {
            if (root.Matches(selector))
            {
                return root;
            }
            if (root.QuerySelector(selector) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    public IEnumerable<IElement> QueryAll(string selector) =>
        Roots.SelectMany(r => r.Matches(selector) ? (IEnumerable<IElement>)[r, .. r.QuerySelectorAll(selector)] : r.QuerySelectorAll(selector));

    /// <summary>Marked as an ad: a class, a data attribute, <c>rel="sponsored"</c>, or a visible "Sponsored"/"Ad" label.</summary>
    public bool Sponsored => _sponsored ??= DetectSponsored();

    private bool DetectSponsored()
    {
        if (AdPrefix().IsMatch(Text))
        {
            return true;
        }
        foreach (var element in SelfAndDescendants)
        {
            foreach (var cls in element.ClassList)
            {
                if (Parts(cls).Any(AdWords.Contains))
                {
                    return true;
                }
            }
            foreach (var attr in element.Attributes)
            {
                if (attr.Name.StartsWith("data-", StringComparison.Ordinal))
                {
                    if (Parts(attr.Name[5..]).Any(AdWords.Contains) && !IsFalse(attr.Value))
                    {
                        return true;
                    }
                    if (KindAttributes.Contains(attr.Name) && attr.Value.Length <= 40 && Parts(attr.Value).Any(p => p is "sponsored" or "promoted" or "advert" or "advertisement" or "ad" or "ads"))
                    {
                        return true;
                    }
                }
            }
            if (element.LocalName == "a" && (element.GetAttribute("rel") ?? "").Split(' ').Contains("sponsored", StringComparer.OrdinalIgnoreCase))
            {
                return true;
            }
            if (element.ChildElementCount <= 2 && element.TextContent.Length <= 80)
            {
                var t = TextOf(element);
                if (t.Length <= 24 && AdLabels.Contains(t.Trim().TrimEnd(':', '·', '•', '|', '-', ' ', '.').ToLowerInvariant()))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static bool IsFalse(string value) => value.Equals("false", StringComparison.OrdinalIgnoreCase) || value == "0";

    [GeneratedRegex(@"^(?:Sponsored\b|Ads?\s*[·•:|\-–—]\s)", RegexOptions.IgnoreCase)]
    private static partial Regex AdPrefix();

    private static IEnumerable<string> Parts(string name) =>
        name.ToLowerInvariant().Split(['-', '_', ' ', ':', '.'], StringSplitOptions.RemoveEmptyEntries);

    private static readonly HashSet<string> PathNoise = new(StringComparer.OrdinalIgnoreCase)
    {
        "www", "view", "views", "item", "items", "detail", "details", "page", "pages", "site", "show", "en", "us", "de", "fr", "es", "pt", "uk", "web", "app", "index", "html", "public", "static", "p", "dp", "go",
    };

    /// <summary>The word fragment of a link to another page's section ("/dp/B0A1#reviews" → "reviews"); not an in-page "#top".</summary>
    internal static string? LinkFragment(string? href)
    {
        if (string.IsNullOrEmpty(href) || href.StartsWith('#'))
        {
            return null;
        }
        var at = href.IndexOf('#', StringComparison.Ordinal);
        var fragment = at < 0 ? "" : href[(at + 1)..];
        return fragment.Length is >= 3 and <= 24 && fragment.All(c => char.IsLetter(c) || c is '-' or '_') ? fragment : null;
    }

    /// <summary>The word folder just before a link path's last segment ("/company/northwind-freight" → "company"), or null.</summary>
    internal static string? LinkFolder(string? href)
    {
        if (string.IsNullOrEmpty(href) || href.StartsWith('#') || href.Contains("://", StringComparison.Ordinal) && !Uri.TryCreate(href, UriKind.Absolute, out _))
        {
            return null;
        }
        var path = Uri.TryCreate(href, UriKind.Absolute, out var abs) ? abs.AbsolutePath : href.Split('?', '#')[0];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2)
        {
            return null;
        }
        var folder = segments[^2];
        return folder.Length is >= 3 and <= 20 && folder.All(c => char.IsLetter(c) || c is '-' or '_') && !PathNoise.Contains(folder) ? folder : null;
    }

    /// <summary>
    /// A line inside a table cell, under the cell's own value, that labels its value ("SKU: FH-TOTE-OLV" under the
    /// product's name link): it names a value the column header does not.
    /// </summary>
    private bool IsLabelledSubLine(IElement element)
    {
        if (element.LocalName is "td" or "th" or "tr" || element.Closest("td, th") is not { } cell || element.Children.Length > 0)
        {
            return false;
        }
        var text = TextOf(element);
        return text.Length is > 0 and <= 80 && text != TextOf(cell) && LabelColonValue().IsMatch(text);
    }

    [GeneratedRegex(@"^\s*([\p{L}][^:]{0,39}?)\s*:\s*(\S.*)$", RegexOptions.Singleline)]
    private static partial Regex LabelColonValue();

    /// <summary>
    /// Every label inside the record with what it names: table column headers, dt/dd pairs,
    /// th/td rows, "Label: value" texts, aria-label, itemprop, and (trusted less) class names.
    /// </summary>
    public List<LabelPair> Labels => _labels ??= FindLabels();

    private static readonly string[] TestHookAttributes = ["data-testid", "data-test", "data-test-id", "data-qa", "data-hook", "data-cy"];

    private List<LabelPair> FindLabels()
    {
        var labels = new List<LabelPair>();
        void Add(string label, IElement? element, string text, double weight, bool fromClass = false, bool fromLink = false)
        {
            var tokens = Words.Tokens(label);
            if (tokens.Count > 0 && text.Length > 0)
            {
                labels.Add(new LabelPair(label, tokens, element, text, weight, fromClass, fromLink));
            }
        }

        if (Cells is not null && Headers is not null)
        {
            for (var i = 0; i < Cells.Count && i < Headers.Count; i++)
            {
                if (Cells[i] is { } cell)
                {
                    Add(Headers[i], cell, TextOf(cell), 1.0);
                }
            }
        }

        // dt/dd pairs, whether the dl is inside the record or the record is a dt/dd group itself.
        foreach (var dt in Tagged("dt"))
        {
            var values = new List<IElement>();
            for (var sibling = dt.NextElementSibling; sibling is not null && sibling.LocalName != "dt"; sibling = sibling.NextElementSibling)
            {
                if (sibling.LocalName == "dd")
                {
                    values.Add(sibling);
                }
            }
            if (values.Count > 0)
            {
                Add(TextOf(dt), values[0], string.Join(", ", values.Select(TextOf)), 1.0);
            }
        }

        foreach (var tr in Tagged("tr"))
        {
            if (tr.Children.Length == 2 && tr.Children[0].LocalName == "th" && tr.Children[1].LocalName == "td")
            {
                Add(TextOf(tr.Children[0]), tr.Children[1], TextOf(tr.Children[1]), 1.0);
            }
        }

        // A label element and the value element after it ("<span>Model:</span> <span>UX34</span> <span>SKU:</span>
        // <span>6571234</span>"): each pair on its own, not the line as one "Model: UX34 SKU: 6571234".
        var colonElements = new HashSet<IElement>();
        foreach (var element in Descendants)
        {
            if (element.Children.Length > 0 || element.NextElementSibling is not { } value || value.Children.Length > 0
                || element.LocalName is "dt" or "dd" or "th" or "td" or "label" || Cells is not null && element.Closest("td, th") is null)
            {
                continue;
            }
            var label = TextOf(element);
            var shown = TextOf(value);
            if (label.Length is >= 2 and <= 40 && label[^1] == ':' && char.IsLetter(label[0]) && shown.Length is > 0 and <= 120 && !shown.EndsWith(':'))
            {
                colonElements.Add(element);
                Add(label[..^1], value, shown, 0.95);
            }
        }

        // "Label: value" texts; the deepest element that reads so (not its parents too).
        for (var i = Elements.Count - 1; i >= 0; i--)
        {
            var element = Elements[i];
            if (Cells is not null && (Roots.Count == 1 || Roots[0] == element || Roots[0].Contains(element)) && !IsLabelledSubLine(element))
            {
                continue; // a table row's cells are labelled by their headers; a detail row under it by its own texts
            }
            if (element.Children.Any(colonElements.Contains))
            {
                colonElements.Add(element);
                continue;
            }
            if (element.LocalName is "dt" or "dd" or "th" or "td" or "tr" or "table" or "dl")
            {
                continue;
            }
            var content = element.TextContent;
            if (content.Length > 400 || !content.Contains(':', StringComparison.Ordinal))
            {
                continue;
            }
            var text = TextOf(element);
            if (text.Length > 160)
            {
                continue;
            }
            var m = LabelColonValue().Match(text);
            if (m.Success && m.Groups[1].Value.Split(' ').Length <= 5 && !m.Groups[2].Value.StartsWith("//", StringComparison.Ordinal))
            {
                colonElements.Add(element);
                Add(m.Groups[1].Value, element, m.Groups[2].Value.Trim(), 0.95);
            }
        }

        foreach (var element in SelfAndDescendants)
        {
            if (element.GetAttribute("itemprop") is { Length: > 0 } itemprop)
            {
                var value = element.GetAttribute("content") ?? TextOf(element);
                Add(itemprop, element, value.Length > 0 ? value : (element.GetAttribute("href") ?? element.GetAttribute("src") ?? ""), 0.95);
            }
            // An aria-label labels a value when it is a label's length; a sentence ("How Postgres VACUUM works by DB Weekly
            // 48,211 views") is the element's own accessible name, not a label for its text.
            if (element.GetAttribute("aria-label") is { Length: > 0 and <= 40 } aria && !Roots.Contains(element) && aria.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 5)
            {
                var text = TextOf(element);
                if (text.Length == 0 && (element.LocalName is "svg" or "i" or "img" || element.GetAttribute("role") == "img")
                    && element.ParentElement is { } holder && TextOf(holder) is { Length: > 0 and <= 40 } beside)
                {
                    Add(aria, holder, beside, 0.9); // an icon naming the number beside it (★ 1,024)
                }
                else if (element.LocalName is not ("button" or "a") || text.Length > 0)
                {
                    Add(aria, element, text.Length > 0 ? text : aria, 0.9);
                }
            }
        }

        foreach (var element in Descendants)
        {
            // Test hooks name what an element holds as well as a class does (data-testid="property-card-price",
            // data-hook="review-date"), and an address element is an address.
            if (element.LocalName == "address" && TextOf(element) is { Length: > 0 and <= 300 } address)
            {
                Add("address", element, address, 0.8, fromClass: true);
            }
            foreach (var hook in TestHookAttributes)
            {
                if (element.GetAttribute(hook) is { Length: > 0 and <= 80 } name && TextOf(element) is { Length: <= 300 } hooked
                    && (hooked.Length > 0 || element.LocalName is "a" or "img"))
                {
                    Add(name, element, hooked.Length > 0 ? hooked : " ", 0.8, fromClass: true);
                }
            }
            // A link's path names what it leads to (/company/northwind-freight, /authors/ines-okafor): the folder before
            // the last segment, a word, names the link's text.
            if (element.LocalName == "a" && LinkFolder(element.GetAttribute("href")) is { } folder && TextOf(element) is { Length: > 0 and <= 80 } linked
                && element.Closest("h1, h2, h3") is null)
            {
                Add(folder, element, linked, 0.75, fromClass: true, fromLink: true);
            }
            // A link to a section of a page names what it counts or shows ("/dp/B0A1#reviews" around "12,931").
            if (element.LocalName == "a" && LinkFragment(element.GetAttribute("href")) is { } fragment && TextOf(element) is { Length: > 0 and <= 40 } counted)
            {
                Add(fragment, element, counted, 0.75, fromClass: true, fromLink: true);
            }
            // A custom element's tag names what it holds as a class does (ytd-channel-name, product-price).
            if (element.LocalName.Contains('-', StringComparison.Ordinal) && TextOf(element) is { Length: > 0 and <= 300 } custom)
            {
                Add(element.LocalName, element, custom, 0.8, fromClass: true);
            }
            if (element.ClassList.Length == 0)
            {
                continue;
            }
            if (element.TextContent.Length > 1000)
            {
                continue;
            }
            var text = TextOf(element);
            if (text.Length <= 300 && (text.Length > 0 || element.LocalName is "a" or "img" || element.QuerySelector("img") is not null))
            {
                foreach (var cls in element.ClassList)
                {
                    Add(cls, element, text.Length > 0 ? text : " ", 0.8, fromClass: true);
                    // A kicker, eyebrow or overline (the small word above a headline) is the item's category.
                    if (text.Length is > 0 and <= 40 && Parts(cls).Any(w => w is "kicker" or "eyebrow" or "overline"))
                    {
                        Add("category", element, text, 0.8, fromClass: true);
                    }
                }
            }
        }
        return labels;
    }
}
