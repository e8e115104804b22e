using System.Globalization;
using System.Text;

namespace OpsDashboard.Core.Agent;

/// <summary>
/// Forgiving text comparison the way a person reads labels: case, punctuation, accents, "&amp;"/"and",
/// possessives and simple plurals folded; scores in [0, 1].
/// </summary>
public static class TextMatch
{
    private static readonly HashSet<string> StopWords =
    [
        "the", "a", "an", "to", "of", "on", "in", "for", "my", "your", "this", "that", "these", "those", "its", "it",
        "with", "at", "by", "me", "please", "page", "button", "link", "tab", "field", "box", "option", "icon",
        "section", "menu", "item", "and", "is", "be", "our", "their", "from",
    ];

    /// <summary>Lower case, accents removed, "&amp;" → "and", possessive 's dropped, punctuation to spaces, spaces collapsed.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (c == '&')
            {
                sb.Append(" and ");
            }
            else if (c is '\'' or '’')
            {
                sb.Append('\'');
            }
            else if (char.IsLetterOrDigit(c) || c == '$' || c == '.')
            {
                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(' ');
            }
        }
        var words = sb.ToString().Replace("'s ", " ").Replace("s' ", "s ").Replace("'", "")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim('.'))
            .Where(w => w.Length > 0);
        return string.Join(' ', words).Replace(" s ", " ");
    }

    /// <summary>Content words, stemmed lightly (plurals, -ing, -ed, -ion).</summary>
    public static IReadOnlyList<string> Tokens(string? text, bool keepStopWords = false) =>
        Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => keepStopWords || !StopWords.Contains(w))
            .Select(Stem)
            .ToList();

    public static string Stem(string w)
    {
        if (w.Length > 5 && w.EndsWith("ing", StringComparison.Ordinal))
        {
            return Undouble(w[..^3]);
        }
        if (w.Length > 6 && w.EndsWith("ion", StringComparison.Ordinal))
        {
            return w[..^3];
        }
        if (w.Length > 4 && w.EndsWith("ed", StringComparison.Ordinal))
        {
            return w.EndsWith("ied", StringComparison.Ordinal) ? w[..^3] + "y" : Undouble(w[..^2]);
        }
        if (w.Length > 4 && w.EndsWith("ies", StringComparison.Ordinal))
        {
            return w[..^3] + "y";
        }
        if (w.Length > 3 && w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal))
        {
            return w[..^1];
        }
        if (w.Length > 4 && w.EndsWith('e'))
        {
            return w[..^1];
        }
        return w;
    }

    /// <summary>"shipp" (shipping), "stopp" (stopped) → "ship", "stop"; "l", "s", "d" stay doubled ("scroll", "add").</summary>
    private static string Undouble(string stem) =>
        stem.Length >= 4 && stem[^1] == stem[^2] && stem[^1] is 'p' or 't' or 'n' or 'm' or 'g' or 'b' ? stem[..^1] : stem;

    /// <summary>How well <paramref name="candidate"/> (a label on the page) answers <paramref name="wanted"/> (the user's words).</summary>
    public static double Score(string wanted, string? candidate)
    {
        if (string.IsNullOrWhiteSpace(candidate))
        {
            return 0;
        }
        if (!wanted.Any(char.IsDigit))
        {
            // A counter on a label ("Bag, 2 items", "Cart (3)") is not part of its name.
            candidate = CounterRe.Replace(candidate, " ");
        }
        var w = Normalize(wanted);
        var c = Normalize(candidate);
        if (w.Length == 0 || c.Length == 0)
        {
            return 0;
        }
        if (w == c)
        {
            return 1;
        }
        var wt = Tokens(wanted);
        var ct = Tokens(candidate);
        if (wt.Count == 0)
        {
            wt = Tokens(wanted, keepStopWords: true);
            ct = Tokens(candidate, keepStopWords: true);
        }
        if (wt.Count == 0 || ct.Count == 0)
        {
            return 0;
        }
        if (wt.SequenceEqual(ct))
        {
            // The same words; only a plural or an ending differs ("Bags" for "bag") is a shade less the same.
            return Words(w).SequenceEqual(Words(c)) ? 0.97 : 0.96;
        }
        var wset = wt.ToHashSet();
        // Counters on labels ("Cart (2)", "Messages 3") are not part of the name.
        var cset = ct.Where(t => wset.Contains(t) || !t.All(char.IsDigit)).ToHashSet();
        if (cset.Count == 0)
        {
            return 0;
        }
        var hits = wset.Count(cset.Contains);
        if (hits == 0)
        {
            var ratio = Similarity(w, c);
            return ratio >= 0.85 ? 0.7 * ratio : 0;
        }
        var recall = (double)hits / wset.Count;      // how much of what was asked is on the label
        var precision = (double)hits / cset.Count;   // how much of the label is what was asked
        if (recall == 1)
        {
            return 0.75 + (0.2 * precision);
        }
        return 0.6 * recall + 0.15 * precision;
    }

    private static readonly System.Text.RegularExpressions.Regex CounterRe = new(@"\b\d+\s+(?:items?|products?|articles?|things?)\b|\(\s*\d+\s*\)",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static IEnumerable<string> Words(string normalized) =>
        normalized.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(x => !StopWords.Contains(x));

    /// <summary>Levenshtein similarity ratio in [0, 1].</summary>
    public static double Similarity(string a, string b)
    {
        if (a.Length == 0 && b.Length == 0)
        {
            return 1;
        }
        if (Math.Abs(a.Length - b.Length) > Math.Max(a.Length, b.Length) / 2)
        {
            return 0;
        }
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            (prev, cur) = (cur, prev);
        }
        return 1.0 - ((double)prev[b.Length] / Math.Max(a.Length, b.Length));
    }

    private static readonly HashSet<string> NavigationVerbs = ["open", "click", "press", "tap", "hit", "select", "choose", "visit", "go", "navigate", "follow", "push", "us"];

    /// <summary>
    /// Whether a guard ("do not open the next page", "do not place the order") forbids a control
    /// named <paramref name="name"/>: the guard's words, less navigation verbs, are all on the label.
    /// </summary>
    public static bool GuardForbids(string guard, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }
        var words = Tokens(guard).Where(t => !NavigationVerbs.Contains(t)).ToList();
        if (words.Count == 0)
        {
            return false;
        }
        var label = Tokens(name, keepStopWords: true).ToHashSet();
        return words.All(label.Contains) || Score(string.Join(' ', words), name) >= 0.9;
    }

    /// <summary>True when every content word of <paramref name="phrase"/> is in <paramref name="text"/>.</summary>
    public static bool ContainsAll(string? text, string phrase)
    {
        var t = Tokens(text, keepStopWords: true).ToHashSet();
        var p = Tokens(phrase);
        return p.Count > 0 && p.All(t.Contains);
    }
}
