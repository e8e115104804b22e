using System.Globalization;
using System.Text.RegularExpressions;

namespace OpsDashboard.Core.Agent;

/// <summary>A price range in the user's words or on a page: a lower bound, an upper bound, or both.</summary>
public sealed record PriceRange(decimal? Min, decimal? Max)
{
    /// <summary>"$25 to $50", "under $25", "$100 and above": the bounds as a person reads them.</summary>
    public override string ToString() => (Min, Max) switch
    {
        ({ } lo, { } hi) => $"${Format(lo)} to ${Format(hi)}",
        (null, { } hi) => $"under ${Format(hi)}",
        ({ } lo, null) => $"${Format(lo)} and above",
        _ => "any price",
    };

    /// <summary>A bound as a field takes it ("25", "25.5"), or "" when there is none.</summary>
    public static string Format(decimal? value) => value is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "";
}

/// <summary>
/// Numbers and ranges in words: "from $25 to $50", "between $30 and $90", "$30 - $90", "under $25",
/// "at most $60", "the maximum price to $200", "over $100", "$100 &amp; Above". The same reader parses the
/// user's clause and a page's range links ("Under $25", "$25 to $50"), so a range is matched by its
/// bounds, never by its wording. A bare number counts only with a currency sign or a price word nearby.
/// </summary>
public static partial class Ranges
{
    private const string Money = @"(?:\$|usd\s*|€|£)\s*(?<{0}>\d+(?:[.,]\d{{1,2}})?)|(?<{0}>\d+(?:[.,]\d{{1,2}})?)\s*(?:\$|dollars?|usd|bucks|€|£|euros?)";

    private static string M(string name) => string.Format(CultureInfo.InvariantCulture, Money, name);

    private static readonly Regex Between = new(
        @"(?:\b(?:between|from)\s+)?(?:" + M("lo") + @")\s*(?:-|–|—|to|and|up\s+to)\s*(?:" + M("hi") + @"|(?<hi>\d+(?:[.,]\d{1,2})?)\b)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static readonly Regex Upper = new(
        @"\b(?:under|below|less\s+than|cheaper\s+than|up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|max(?:imum)?(?:\s+price)?(?:\s+(?:of|to|is|at))?|price\s+(?:limit|cap)(?:\s+(?:of|to|is))?|within|<=?)\s*(?:" + M("hi") + @")",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    private static readonly Regex Lower = new(
        @"\b(?:over|above|more\s+than|at\s+least|no\s+less\s+than|min(?:imum)?(?:\s+price)?(?:\s+(?:of|to|is|at))?|starting\s+(?:at|from)|from|>=?)\s*(?:" + M("lo") + @")(?!\s*(?:-|–|to|and)\s*\$?\d)|(?:" + M("lo") + @")\s*(?:&|and|or)\s*(?:above|up|over|more|higher)\b|(?:" + M("lo") + @")\s*\+",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>The first price range the text states, with where it is; null when it states none.</summary>
    public static (PriceRange Range, int Index, int Length)? Find(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        foreach (var (re, hasLo, hasHi) in new[] { (Between, true, true), (Upper, false, true), (Lower, true, false) })
        {
            var m = re.Match(text);
            if (!m.Success)
            {
                continue;
            }
            var lo = hasLo ? Number(m.Groups["lo"].Value) : null;
            var hi = hasHi ? Number(m.Groups["hi"].Value) : null;
            if (hasLo && hasHi && (lo is null || hi is null || lo > hi))
            {
                continue;
            }
            return (new PriceRange(lo, hi), m.Index, m.Length);
        }
        return null;
    }

    /// <summary>The range a page control's name states ("Under $25", "$25 to $50", "$100 &amp; Above"), or null.</summary>
    public static PriceRange? Of(string? name) => Find(name)?.Range;

    private static decimal? Number(string s) =>
        decimal.TryParse(s.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? d : null;

    /// <summary>
    /// "4 stars and up", "at least 4 stars", "4+ stars", "rated 4 and above": a minimum rating the text asks for, with its span; null when none.
    /// </summary>
    public static (int Stars, int Index, int Length)? FindMinRating(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var m = MinRatingRe().Match(text);
        if (!m.Success)
        {
            return null;
        }
        var n = m.Groups["n"].Success && m.Groups["n"].Value.Length > 0 ? m.Groups["n"].Value : m.Groups["n2"].Value;
        return int.TryParse(n, NumberStyles.Integer, CultureInfo.InvariantCulture, out var stars) && stars is >= 1 and <= 5
            ? (stars, m.Index, m.Length) : null;
    }

    [GeneratedRegex(@"(?:\b(?:with\s+)?(?:at\s+least|minimum(?:\s+of)?|min\.?|rated)\s+(?<n>[1-5])(?:\.0)?\s*(?:stars?|★)?(?:\s+(?:and|&|or)\s+(?:up|above|more|higher|better))?)|(?:\b(?<n2>[1-5])(?:\.0)?\s*(?:\+\s*stars?|stars?\s*\+|\s*stars?\s+(?:and|&|or)\s+(?:up|above|more|higher|better)|\s*stars?(?=\s+only\b|\s*$)))", RegexOptions.IgnoreCase)]
    private static partial Regex MinRatingRe();
}
