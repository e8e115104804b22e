using System.Text.Json.Nodes;
using AngleSharp.Dom;

namespace OpsDashboard.Core.Extraction;

/// <summary>
/// Fills a schema's properties from a <see cref="StructuredItem"/> (JSON-LD, microdata, RDFa): by
/// the schema.org names a property's role stands for (a price is <c>offers.price</c>, a rating
/// <c>aggregateRating.ratingValue</c>), else by the property's name and description against the paths.
/// </summary>
internal sealed class StructuredMapper(HtmlPage page, RecordMapper mapper)
{
    private const double MatchThreshold = 0.6;

    private static readonly Dictionary<Role, string[]> Aliases = new()
    {
        [Role.Title] = ["name", "headline", "title"],
        [Role.Url] = ["url", "mainEntityOfPage", "@id"],
        [Role.Image] = ["image", "image.url", "image.contentUrl", "thumbnailUrl", "image.thumbnailUrl", "photo", "logo"],
        [Role.Price] = ["offers.price", "offers.lowPrice", "price", "offers.priceSpecification.price", "offers.offers.price"],
        [Role.Rating] = ["aggregateRating.ratingValue", "ratingValue", "reviewRating.ratingValue"],
        [Role.Date] = ["startDate", "datePublished", "datePosted", "dateCreated", "uploadDate", "dateModified", "date"],
        [Role.Description] = ["description", "text", "articleBody", "abstract"],
        [Role.Email] = ["email"],
        [Role.Phone] = ["telephone", "phone"],
    };

    private readonly HtmlPage _page = page;
    private readonly RecordMapper _mapper = mapper;

    /// <summary>The item as a row of the schema: only the properties it can fill.</summary>
    public JsonObject Map(StructuredItem item, IReadOnlyList<PropertySpec> properties, string prefix = "")
    {
        var row = new JsonObject();
        foreach (var property in properties)
        {
            if (ValueFor(item, property, prefix) is { } value)
            {
                row[property.Name] = value;
            }
        }
        return row;
    }

    private JsonNode? ValueFor(StructuredItem item, PropertySpec property, string prefix)
    {
        if (property.Type == FieldType.Object)
        {
            var path = BestPath(item, property, prefix, objects: true);
            if (path is null)
            {
                return null;
            }
            var obj = Map(item, property.Children, path);
            return obj.Count > 0 ? obj : null;
        }
        var role = RecordMapper.RoleOf(property);
        var found = BestPath(item, property, prefix, objects: false);
        if (found is null || !item.Values.TryGetValue(found, out var values) || values.Count == 0)
        {
            return null;
        }
        if (property.Type == FieldType.Array)
        {
            var array = new JsonArray();
            var spec = new PropertySpec { Name = property.Name, Type = property.ItemType, NameTokens = property.NameTokens };
            foreach (var v in values.Distinct(StringComparer.Ordinal))
            {
                if (_mapper.Convert(v, spec, Role.Text) is { } node)
                {
                    array.Add(node);
                }
            }
            return array.Count > 0 ? array : null;
        }
        var raw = values[0];
        if (role is Role.Url or Role.Image || property.Format is "uri" or "iri")
        {
            if (raw.StartsWith('/') || raw.StartsWith("http", StringComparison.OrdinalIgnoreCase) || raw.StartsWith("//", StringComparison.Ordinal) || !raw.Contains(' ', StringComparison.Ordinal))
            {
                raw = _page.Absolute(raw) ?? raw;
            }
        }
        if (role is Role.Text && raw.StartsWith("https://schema.org/", StringComparison.OrdinalIgnoreCase) || raw.StartsWith("http://schema.org/", StringComparison.OrdinalIgnoreCase))
        {
            raw = raw[(raw.LastIndexOf('/') + 1)..]; // availability: https://schema.org/InStock → InStock
        }
        return _mapper.Convert(raw, property, role);
    }

    private static string? BestPath(StructuredItem item, PropertySpec property, string prefix, bool objects)
    {
        string Full(string p) => prefix.Length == 0 ? p : prefix + "." + p;
        bool Has(string p) => objects ? item.Values.Keys.Any(k => k.StartsWith(Full(p) + ".", StringComparison.OrdinalIgnoreCase)) : item.Values.ContainsKey(Full(p));

        // The property's own name first ("sku", "brand", "jobTitle"), then its role's schema.org names.
        var own = property.Name;
        if (Has(own))
        {
            return Full(own);
        }
        if (!objects && Has(own + ".name"))
        {
            return Full(own + ".name");
        }
        var role = RecordMapper.RoleOf(property);
        if (!objects && Aliases.TryGetValue(role, out var aliases))
        {
            var tokens = property.NameTokens;
            var ordered = role == Role.Date && tokens.Contains("end") ? ["endDate", .. aliases]
                : role == Role.Date && tokens.Any(t => t is "updated" or "modified") ? ["dateModified", .. aliases]
                : aliases;
            foreach (var alias in ordered)
            {
                if (Has(alias))
                {
                    return Full(alias);
                }
            }
        }

        // Words: the property's name and description against each path (its last part, or the part before ".name").
        string? best = null;
        var bestScore = 0.0;
        var candidates = objects
            ? item.Values.Keys.Where(k => k.StartsWith(prefix.Length == 0 ? "" : prefix + ".", StringComparison.OrdinalIgnoreCase))
                .Select(k => k[(prefix.Length == 0 ? 0 : prefix.Length + 1)..]).Where(k => k.Contains('.', StringComparison.Ordinal)).Select(k => k[..k.IndexOf('.', StringComparison.Ordinal)]).Distinct(StringComparer.OrdinalIgnoreCase)
            : item.Values.Keys.Where(k => prefix.Length == 0 || k.StartsWith(prefix + ".", StringComparison.OrdinalIgnoreCase)).Select(k => prefix.Length == 0 ? k : k[(prefix.Length + 1)..]);
        foreach (var path in candidates.ToList())
        {
            var parts = path.Split('.');
            var named = parts.Length >= 2 && parts[^1].Equals("name", StringComparison.OrdinalIgnoreCase) ? parts[^2] : parts[^1];
            var score = Math.Max(
                Words.Match(property.NameTokens, property.DescriptionTokens, Words.Tokens(named)),
                Words.Match(property.NameTokens, property.DescriptionTokens, Words.Tokens(string.Join(' ', parts))) * 0.9);
            if (score > bestScore || (score == bestScore && best is not null && path.Length < best.Length))
            {
                bestScore = score;
                best = path;
            }
        }
        return bestScore >= MatchThreshold ? Full(best!) : null;
    }

    /// <summary>The item a structural record stands for: the same link, else the longest item name in its text.</summary>
    public static StructuredItem? MatchRecord(Record record, IReadOnlyList<StructuredItem> items, HashSet<StructuredItem> used, HtmlPage page)
    {
        foreach (var item in items)
        {
            if (used.Contains(item))
            {
                continue;
            }
            if (item.Element is { } element && record.Roots.Any(r => r == element || r.Contains(element) || element.Contains(r)))
            {
                return item;
            }
        }
        var hrefs = record.Elements.Where(e => e.LocalName == "a" && e.HasAttribute("href")).Select(a => page.Absolute(a.GetAttribute("href"))).Where(h => h is not null).ToHashSet(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!used.Contains(item) && item.First("url") is { } url && page.Absolute(url) is { } abs && hrefs.Contains(abs))
            {
                return item;
            }
        }
        var text = record.Text;
        StructuredItem? best = null;
        foreach (var item in items)
        {
            var name = item.First("name") ?? item.First("headline");
            if (!used.Contains(item) && name is { Length: >= 3 } && text.Contains(name, StringComparison.OrdinalIgnoreCase)
                && (best is null || name.Length > (best.First("name") ?? best.First("headline"))!.Length))
            {
                best = item;
            }
        }
        return best;
    }

    internal static bool IsInside(IElement element, Record record) => record.Roots.Any(r => r == element || r.Contains(element));
}
