using System.Globalization;
using System.Text.RegularExpressions;

namespace OpsDashboard.Core.Agent;

/// <summary>
/// Which record a clause means when the same control sits in several rows or cards and no row is named: "the most
/// recent order" (the latest date a row shows: "Dec 2", "2026-11-30", "2h ago"; else the highest number), "the oldest
/// post", "the first / second / last one" (reading order). Anything else is not guessed: the caller asks which.
/// </summary>
public static partial class RecordChoice
{
    /// <summary>
    /// The one of <paramref name="candidates"/> (the same control in different records, in reading order) that
    /// <paramref name="words"/> (canonical tokens of the clause) pick, or null when they pick none.
    /// </summary>
    public static PageElement? Pick(IReadOnlyList<PageElement> candidates, IReadOnlyCollection<string> words)
    {
        var ordered = candidates.OrderBy(e => e.Y).ThenBy(e => e.Id).ToList();
        if (words.Contains("newest") || words.Contains("oldest"))
        {
            var newest = words.Contains("newest");
            var keyed = ordered.Select(e => (e, key: When(e.ItemText ?? e.Context ?? ""))).ToList();
            if (keyed.All(x => x.key is not null) && keyed.Select(x => x.key).Distinct().Count() == keyed.Count)
            {
                return (newest ? keyed.OrderByDescending(x => x.key) : keyed.OrderBy(x => x.key)).First().e;
            }
            var numbered = ordered.Select(e => (e, n: Number(e.ItemText ?? ""))).ToList();
            if (numbered.All(x => x.n is not null) && numbered.Select(x => x.n).Distinct().Count() == numbered.Count)
            {
                return (newest ? numbered.OrderByDescending(x => x.n) : numbered.OrderBy(x => x.n)).First().e;
            }
            return null;
        }
        int? index = words.Contains("first") || words.Contains("top") ? 0
            : words.Contains("second") ? 1
            : words.Contains("third") ? 2
            : words.Contains("last") || words.Contains("bottom") ? ordered.Count - 1
            : null;
        return index is { } i && i < ordered.Count ? ordered[i] : null;
    }

    /// <summary>The moment a record's text says it happened, as a sortable number (later is larger), or null.</summary>
    internal static double? When(string text)
    {
        var iso = IsoDate().Match(text);
        if (iso.Success && DateTime.TryParse(iso.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d))
        {
            return d.Ticks;
        }
        var md = MonthDay().Match(text);
        if (md.Success && DateTime.TryParseExact(md.Groups["m"].Value[..3] + " " + md.Groups["d"].Value + " " + (md.Groups["y"].Success ? md.Groups["y"].Value : "2000"),
                "MMM d yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m))
        {
            return m.Ticks;
        }
        var ago = Ago().Match(text);
        if (ago.Success)
        {
            var n = double.Parse(ago.Groups["n"].Value, CultureInfo.InvariantCulture);
            var minutes = ago.Groups["u"].Value.ToLowerInvariant()[0] switch { 's' => n / 60, 'm' => ago.Groups["u"].Value.StartsWith("mo", StringComparison.OrdinalIgnoreCase) ? n * 43200 : n, 'h' => n * 60, 'd' => n * 1440, 'w' => n * 10080, 'y' => n * 525600, _ => n };
            return -minutes; // "2h ago" is later than "3d ago"
        }
        return null;
    }

    private static long? Number(string text)
    {
        var m = RecordNumber().Match(text);
        return m.Success ? long.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b(?<m>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(?<d>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?<y>\d{4}))?", RegexOptions.IgnoreCase)]
    private static partial Regex MonthDay();

    [GeneratedRegex(@"\b(?<n>\d+)\s*(?<u>s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|wk|weeks?|mo|months?|y|yr|years?)\b(?:\s+ago)?", RegexOptions.IgnoreCase)]
    private static partial Regex Ago();

    [GeneratedRegex(@"#\s?(?<n>\d{2,})\b")]
    private static partial Regex RecordNumber();
}
