using System.Text;
using System.Text.RegularExpressions;

namespace OpsDashboard.Core.Extraction;

/// <summary>Fuzzy matching of property names against labels: case, punctuation, plurals and unit suffixes folded.</summary>
internal static partial class Words
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "of", "in", "on", "for", "to", "and", "or", "is", "its", "it", "this", "that", "with", "by",
        "as", "at", "from", "each", "item", "items", "value", "field", "property", "record", "entry", "per",
    };

    // Each group is one meaning; a property name matches a label that uses another word of its group.
    private static readonly string[][] SynonymGroups =
    [
        ["title", "name", "heading", "headline"],
        ["url", "link", "href", "permalink", "website", "homepage", "web"],
        ["image", "img", "picture", "thumbnail", "thumb", "photo", "avatar", "logo"],
        ["price", "cost", "amount", "fee"],
        ["rating", "stars", "star", "score"],
        ["date", "published", "posted", "time", "when"],
        ["email", "mail", "e-mail"],
        ["phone", "tel", "telephone", "mobile", "cell"],
        ["description", "summary", "snippet", "excerpt", "abstract", "blurb", "about"],
        ["company", "organization", "organisation", "employer", "org"],
        ["author", "by", "writer", "byline"],
        ["location", "city", "place", "address"],
        ["quantity", "qty", "count", "number"],
        ["job", "role", "position", "occupation"],
        ["stock", "available", "availability", "instock"],
        ["review", "reviews", "ratings"],
        ["ip", "ipv4", "ipv6"],
    ];

    private static readonly Dictionary<string, int> SynonymGroupOf = BuildSynonyms();

    private static Dictionary<string, int> BuildSynonyms()
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < SynonymGroups.Length; i++)
        {
            foreach (var w in SynonymGroups[i])
            {
                map.TryAdd(Singular(w), i);
            }
        }
        return map;
    }

    [GeneratedRegex(@"\([^)]*\)|\[[^\]]*\]")]
    private static partial Regex Parenthesised();

    [GeneratedRegex(@"(?<=[a-z0-9])(?=[A-Z])")]
    private static partial Regex CamelBoundary();

    /// <summary>Lower-cased singular word tokens: "Unit Prices ($)" → [unit, price]; "imageUrl" → [image, url].</summary>
    public static List<string> Tokens(string? text, bool keepStopWords = false)
    {
        var result = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return result;
        }
        var s = Parenthesised().Replace(text, " ");
        s = CamelBoundary().Replace(s, " ");
        var sb = new StringBuilder();
        var last = "";
        void Flush()
        {
            if (sb.Length == 0)
            {
                return;
            }
            var w = Singular(sb.ToString().ToLowerInvariant());
            sb.Clear();
            last = w;
            if (keepStopWords || !StopWords.Contains(w))
            {
                result.Add(w);
            }
        }
        foreach (var c in s)
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(c);
            }
            else if (c == '%' && !keepStopWords)
            {
                Flush();
                result.Add("percent"); // "% Change" is the change in percent, not the change
            }
            else
            {
                Flush();
            }
        }
        Flush();
        if (last == "by" && result.Count > 0 && result[^1] != "by")
        {
            result.Add("by"); // "deployed_by", "Created by": the agent, not the act ("deployed_at" is the time)
        }
        if (result.Count == 0 && !keepStopWords)
        {
            return Tokens(text, keepStopWords: true); // a name made only of common words ("item", "value") keeps them
        }
        return result;
    }

    public static string Singular(string w)
    {
        if (w.Length > 4 && w.EndsWith("ies", StringComparison.Ordinal))
        {
            return w[..^3] + "y";
        }
        if (w.Length > 4 && (w.EndsWith("sses", StringComparison.Ordinal) || w.EndsWith("ches", StringComparison.Ordinal) || w.EndsWith("shes", StringComparison.Ordinal) || w.EndsWith("xes", StringComparison.Ordinal)))
        {
            return w[..^2];
        }
        if (w.Length > 3 && w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal) && !w.EndsWith("is", StringComparison.Ordinal))
        {
            return w[..^1];
        }
        return w;
    }

    public static bool Synonyms(string a, string b) =>
        a == b || (SynonymGroupOf.TryGetValue(a, out var ga) && SynonymGroupOf.TryGetValue(b, out var gb) && ga == gb);

    /// <summary>
    /// How well a label names a property, 0..1: 1 for the same words, less for synonyms, a label
    /// with extra words, or only some words in common. description words count
    /// too, a little less.
    /// </summary>
    public static double Match(IReadOnlyList<string> nameTokens, IReadOnlyList<string> descriptionTokens, IReadOnlyList<string> labelTokens, bool synonyms = true)
    {
        if (labelTokens.Count == 0)
        {
            return 0;
        }
        var best = nameTokens.Count == 0 ? 0 : MatchTokens(nameTokens, labelTokens, synonyms);
        if (descriptionTokens.Count > 0)
        {
            // A label whose every word is in the description ("Cost of one unit" vs "Unit cost").
            var covered = labelTokens.Count(l => descriptionTokens.Any(d => Synonyms(d, l)));
            // a word the description says outright beats its synonym ("address" over "location" for "the address shown")
            var desc = covered == labelTokens.Count ? (labelTokens.All(descriptionTokens.Contains) ? 0.7 : 0.68) : 0.5 * covered / labelTokens.Count;
            best = Math.Max(best, desc);
        }
        return best;
    }

    private static double MatchTokens(IReadOnlyList<string> name, IReadOnlyList<string> label, bool synonyms)
    {
        if (name.SequenceEqual(label))
        {
            return 1.0;
        }
        if (name.Count > 1 && name[^1] == "by" && label is ["by"])
        {
            return 0.9; // a column headed "By" is who did it: "deployed_by", "reviewed_by"
        }
        var joinedName = string.Concat(name);
        var joinedLabel = string.Concat(label);
        if (joinedName == joinedLabel)
        {
            return 0.98; // "e-mail" vs "email", "zip code" vs "zipcode"
        }
        var exact = name.Count(n => label.Contains(n));
        var syn = synonyms ? name.Count(n => label.Any(l => Synonyms(n, l))) : exact;
        if (exact == name.Count)
        {
            // Every word of the name is in the label, which has a few more ("Price (USD)" was already cut).
            return 0.6 + (0.3 * name.Count / label.Count);
        }
        if (syn == name.Count)
        {
            return 0.5 + (0.3 * name.Count / label.Count);
        }
        var union = name.Union(label).Count();
        return 0.6 * syn / union;
    }
}
