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
internal sealed record LabelPair(string Label, List<string> Tokens, IElement? Element, string Text, double Weight, bool FromClass = false);

/// <summary>One data record: a card, a list item, a table row, or a dt/dd group (several roots).</summary>
internal sealed partial class Record
{
    private static readonly HashSet<string> AdWords = new(StringComparer.Ordinal) { "sponsored", "sponsor", "promoted", "advert", "advertisement", "advertising", "ad", "ads", "adslot", "adunit" };

    private static readonly HashSet<string> AdLabels = new(StringComparer.Ordinal)
    {
        "sponsored", "ad", "ads", "advertisement", "promoted", "sponsored result", "sponsored link", "sponsored links", "sponsored ad", "promoted result", "anzeige", "publicité", "annonce", "patrocinado",
    };

    private string? _text;
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

    public string Text => _text ??= string.Join(' ', Roots.Select(HtmlPage.Text)).Trim();

    public IEnumerable<IElement> Descendants => Roots.SelectMany(r => r.QuerySelectorAll("*"));

    public IEnumerable<IElement> SelfAndDescendants => Roots.SelectMany(r => (IEnumerable<IElement>)[r, .. r.QuerySelectorAll("*")]);

    public bool HasContent => Text.Length > 0 || Roots.Any(r => r.LocalName is "img" or "a" || r.QuerySelector("img, a[href], input") is not null);

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
                    if (attr.Value.Length <= 40 && !attr.Value.Contains('/') && Parts(attr.Value).Any(p => p is "sponsored" or "promoted" or "advert" or "advertisement" or "ad" or "ads"))
                    {
                        return true;
                    }
                }
            }
            if (element.LocalName == "a" && (element.GetAttribute("rel") ?? "").Split(' ').Contains("sponsored", StringComparer.OrdinalIgnoreCase))
            {
                return true;
            }
            if (element.ChildElementCount == 0 || element.ChildElementCount <= 2)
            {
                var t = HtmlPage.Text(element);
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

    [GeneratedRegex(@"^\s*([\p{L}][^:]{0,39}?)\s*:\s*(\S.*)$", RegexOptions.Singleline)]
    private static partial Regex LabelColonValue();

    /// <summary>
    /// Every label inside the record with what it names: table column headers, dt/dd pairs,
    /// th/td rows, "Label: value" texts, aria-label, itemprop, and (trusted less) class names.
    /// </summary>
    public List<LabelPair> Labels => _labels ??= FindLabels();

    private List<LabelPair> FindLabels()
    {
        var labels = new List<LabelPair>();
        void Add(string label, IElement? element, string text, double weight, bool fromClass = false)
        {
            var tokens = Words.Tokens(label);
            if (tokens.Count > 0 && text.Length > 0)
            {
                labels.Add(new LabelPair(label, tokens, element, text, weight, fromClass));
            }
        }

        if (Cells is not null && Headers is not null)
        {
            for (var i = 0; i < Cells.Count && i < Headers.Count; i++)
            {
                if (Cells[i] is { } cell)
                {
                    Add(Headers[i], cell, HtmlPage.Text(cell), 1.0);
                }
            }
        }

        // dt/dd pairs, whether the dl is inside the record or the record is a dt/dd group itself.
        foreach (var dt in QueryAll("dt"))
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
                Add(HtmlPage.Text(dt), values[0], string.Join(", ", values.Select(HtmlPage.Text)), 1.0);
            }
        }

        foreach (var tr in QueryAll("tr"))
        {
            var th = tr.QuerySelector(":scope > th");
            var td = tr.QuerySelector(":scope > td");
            if (th is not null && td is not null && tr.Children.Length == 2)
            {
                Add(HtmlPage.Text(th), td, HtmlPage.Text(td), 1.0);
            }
        }

        // "Label: value" texts; the deepest element that reads so (not its parents too).
        var colonElements = new HashSet<IElement>();
        foreach (var element in SelfAndDescendants.Reverse())
        {
            if (element.LocalName is "dt" or "dd" or "th" or "td" or "tr" or "table" or "dl" || Cells is not null)
            {
                continue;
            }
            var text = HtmlPage.Text(element);
            if (text.Length > 160 || element.Children.Any(colonElements.Contains))
            {
                if (element.Children.Any(colonElements.Contains))
                {
                    colonElements.Add(element);
                }
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
                var value = element.GetAttribute("content") ?? HtmlPage.Text(element);
                Add(itemprop, element, value.Length > 0 ? value : (element.GetAttribute("href") ?? element.GetAttribute("src") ?? ""), 0.95);
            }
            if (element.GetAttribute("aria-label") is { Length: > 0 } aria && !Roots.Contains(element))
            {
                var text = HtmlPage.Text(element);
                Add(aria, element, text.Length > 0 ? text : aria, 0.9);
            }
        }

        foreach (var element in Descendants)
        {
            foreach (var cls in element.ClassList)
            {
                var text = HtmlPage.Text(element);
                if (text.Length <= 300 && (text.Length > 0 || element.LocalName is "a" or "img" || element.QuerySelector("img") is not null))
                {
                    Add(cls, element, text.Length > 0 ? text : " ", 0.8, fromClass: true);
                }
            }
        }
        return labels;
    }
}
