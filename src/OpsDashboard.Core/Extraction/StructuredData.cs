using System.Text.Json;
using AngleSharp.Dom;

namespace OpsDashboard.Core.Extraction;

/// <summary>One item a page describes about itself: its schema.org type, where it was read, and its values by path ("offers.price").</summary>
internal sealed class StructuredItem
{
    public required string Type { get; init; }

    /// <summary>"JSON-LD", "microdata" or "RDFa".</summary>
    public required string Source { get; init; }

    /// <summary>Values by lower-cased dotted path (<c>name</c>, <c>offers.price</c>, <c>brand.name</c>), first value first.</summary>
    public Dictionary<string, List<string>> Values { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The element a microdata or RDFa item was read from (null for JSON-LD).</summary>
    public IElement? Element { get; init; }

    public string? First(string path) => Values.TryGetValue(path, out var list) && list.Count > 0 ? list[0] : null;

    public void Add(string path, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }
        if (!Values.TryGetValue(path, out var list))
        {
            Values[path] = list = [];
        }
        list.Add(value.Trim());
    }
}

/// <summary>
/// Reads what a page says about its items: JSON-LD (including <c>@graph</c> and <c>ItemList</c>),
/// microdata (<c>itemscope</c>/<c>itemprop</c>) and RDFa (<c>typeof</c>/<c>property</c>), and
/// keeps the largest group of items of one type: the page's list, when it has one.
/// </summary>
internal static class StructuredData
{
    private const int MaxDepth = 4;

    /// <summary>Types that describe the page or site rather than the items listed on it.</summary>
    private static readonly HashSet<string> PageTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "WebPage", "WebSite", "BreadcrumbList", "ListItem", "ItemList", "SearchAction", "ImageObject", "CollectionPage", "SiteNavigationElement",
        "SearchResultsPage", "ItemPage", "AboutPage", "ContactPage", "FAQPage", "EntryPoint", "ReadAction", "Brand", "Offer", "AggregateOffer",
        "AggregateRating", "Rating", "PostalAddress", "GeoCoordinates", "PropertyValue", "QuantitativeValue", "MonetaryAmount", "PriceSpecification",
    };

    /// <summary>The items of the page's main structured list (at least two of one type), or empty.</summary>
    public static List<StructuredItem> ReadList(HtmlPage page)
    {
        var items = new List<StructuredItem>();
        foreach (var block in page.JsonLd)
        {
            try
            {
                using var doc = JsonDocument.Parse(block, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
                CollectJsonLd(doc.RootElement, items, 0);
            }
            catch (JsonException)
            {
                // a broken block is skipped; the page's markup is still read
            }
        }
        CollectMarkup(page.Body, items, "itemscope", "itemprop", "itemtype", "microdata");
        CollectMarkup(page.Body, items, "typeof", "property", "typeof", "RDFa");
        var groups = items.Where(i => !PageTypes.Contains(i.Type) && (i.First("name") is not null || i.First("headline") is not null))
            .GroupBy(i => (i.Source, i.Type))
            .Where(g => g.Count() >= 2)
            .OrderByDescending(g => g.Count())
            .ToList();
        return groups.Count == 0 ? [] : [.. groups[0]];
    }

    private static void CollectJsonLd(JsonElement node, List<StructuredItem> items, int depth)
    {
        if (depth > 6)
        {
            return;
        }
        if (node.ValueKind == JsonValueKind.Array)
        {
            foreach (var e in node.EnumerateArray())
            {
                CollectJsonLd(e, items, depth + 1);
            }
            return;
        }
        if (node.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        if (node.TryGetProperty("@graph", out var graph))
        {
            CollectJsonLd(graph, items, depth + 1);
        }
        var type = TypeName(node);
        if (type is null)
        {
            return;
        }
        if (type.Equals("ItemList", StringComparison.OrdinalIgnoreCase) && node.TryGetProperty("itemListElement", out var elements))
        {
            foreach (var element in elements.ValueKind == JsonValueKind.Array ? elements.EnumerateArray() : Enumerable.Repeat(elements, 1))
            {
                // A ListItem wraps its item, or is the item itself (name, url).
                if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("item", out var inner) && inner.ValueKind == JsonValueKind.Object)
                {
                    CollectJsonLd(inner, items, depth + 1);
                }
                else if (element.ValueKind == JsonValueKind.Object && TypeName(element) is "ListItem" && (element.TryGetProperty("name", out _) || element.TryGetProperty("url", out _)))
                {
                    var item = new StructuredItem { Type = "ListItem", Source = "JSON-LD" };
                    Flatten(element, "", item, 0);
                    items.Add(item);
                }
                else
                {
                    CollectJsonLd(element, items, depth + 1);
                }
            }
            return;
        }
        if (PageTypes.Contains(type))
        {
            return;
        }
        var result = new StructuredItem { Type = type, Source = "JSON-LD" };
        Flatten(node, "", result, 0);
        items.Add(result);
    }

    private static string? TypeName(JsonElement node)
    {
        if (!node.TryGetProperty("@type", out var t))
        {
            return null;
        }
        var raw = t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(x => x.ToString()).FirstOrDefault() : t.ToString();
        return raw is null ? null : ShortType(raw);
    }

    private static string ShortType(string raw)
    {
        var s = raw.Trim();
        var cut = Math.Max(s.LastIndexOf('/'), s.LastIndexOf(':'));
        return cut >= 0 ? s[(cut + 1)..] : s;
    }

    private static void Flatten(JsonElement node, string prefix, StructuredItem item, int depth)
    {
        switch (node.ValueKind)
        {
            case JsonValueKind.Object:
                if (depth > MaxDepth)
                {
                    return;
                }
                foreach (var property in node.EnumerateObject())
                {
                    if (property.Name.StartsWith('@'))
                    {
                        if (property.Name == "@id" && prefix.Length == 0)
                        {
                            item.Add("@id", property.Value.ToString());
                        }
                        continue;
                    }
                    Flatten(property.Value, Join(prefix, property.Name), item, depth + 1);
                }
                break;
            case JsonValueKind.Array:
                foreach (var e in node.EnumerateArray())
                {
                    Flatten(e, prefix, item, depth);
                }
                break;
            case JsonValueKind.String:
            case JsonValueKind.Number:
            case JsonValueKind.True:
            case JsonValueKind.False:
                item.Add(prefix, node.ToString());
                break;
        }
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    /// <summary>Microdata (itemscope/itemprop) or RDFa (typeof/property) items that are not a property of another item.</summary>
    private static void CollectMarkup(IElement root, List<StructuredItem> items, string scopeAttr, string propAttr, string typeAttr, string source)
    {
        foreach (var scope in root.QuerySelectorAll($"[{scopeAttr}]"))
        {
            if (scope.HasAttribute(propAttr))
            {
                continue; // a nested item: read as part of its parent
            }
            var type = scope.GetAttribute(typeAttr) is { Length: > 0 } t ? ShortType(t.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]) : "Thing";
            var item = new StructuredItem { Type = type, Source = source, Element = scope };
            ReadProperties(scope, scope, "", item, scopeAttr, propAttr, 0);
            if (item.Values.Count > 0)
            {
                items.Add(item);
            }
        }
    }

    private static void ReadProperties(IElement scope, IElement element, string prefix, StructuredItem item, string scopeAttr, string propAttr, int depth)
    {
        foreach (var child in element.Children)
        {
            var names = child.GetAttribute(propAttr)?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(ShortType).ToList();
            var nestedScope = child.HasAttribute(scopeAttr) && child != scope;
            if (names is { Count: > 0 })
            {
                foreach (var name in names)
                {
                    var path = prefix.Length == 0 ? name : prefix + "." + name;
                    if (nestedScope && depth < MaxDepth)
                    {
                        ReadProperties(child, child, path, item, scopeAttr, propAttr, depth + 1);
                        if (!item.Values.ContainsKey(path + ".name"))
                        {
                            item.Add(path, HtmlPage.Text(child));
                        }
                    }
                    else
                    {
                        item.Add(path, ValueOf(child));
                    }
                }
            }
            if (!nestedScope)
            {
                ReadProperties(scope, child, prefix, item, scopeAttr, propAttr, depth);
            }
        }
    }

    /// <summary>A property's value as the microdata/RDFa rules read it: content, then href/src/datetime, then text.</summary>
    private static string? ValueOf(IElement e)
    {
        if (e.GetAttribute("content") is { } content)
        {
            return content;
        }
        return e.LocalName switch
        {
            "a" or "link" or "area" => e.GetAttribute("href"),
            "img" or "source" or "video" or "audio" or "iframe" or "embed" => e.GetAttribute("src") is { } src && !src.StartsWith("data:", StringComparison.OrdinalIgnoreCase) ? src : e.GetAttribute("data-src"),
            "time" => e.GetAttribute("datetime") ?? HtmlPage.Text(e),
            "meta" => e.GetAttribute("content"),
            "data" or "meter" => e.GetAttribute("value") ?? HtmlPage.Text(e),
            _ => HtmlPage.Text(e),
        };
    }
}
