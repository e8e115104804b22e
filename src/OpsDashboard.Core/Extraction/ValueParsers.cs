using System.Globalization;
using System.Text.RegularExpressions;

namespace OpsDashboard.Core.Extraction;

/// <summary>Reads typed values out of the text people see: money, numbers, booleans, dates, ratings, e-mail, phone.</summary>
internal static partial class ValueParsers
{
    private const string Currency = @"[$€£¥₹₩₽₪₫฿]|US\$|C\$|A\$|R\$|USD|EUR|GBP|JPY|CHF|CAD|AUD|INR|SEK|NOK|DKK|PLN|kr|zł";

    // A sign before the currency ("−$48.90" debit, "+$1,150.00" credit) is part of the amount; not a dash after a word or number ("$10-$20").
    [GeneratedRegex(@"(?:(?<![\w$€£¥.,\-−+])[-−+]\s?)?(?:(?:" + Currency + @")\s?[-−]?\d[\d.,\u00a0\u202f']*\d|(?:" + Currency + @")\s?\d)|(?:[-−]?\d[\d.,\u00a0\u202f']*\d|\d)\s?(?:" + Currency + @")(?![a-z])", RegexOptions.IgnoreCase)]
    private static partial Regex MoneyPattern();

    [GeneratedRegex(@"[-−]?\d(?:[\d.,\u00a0\u202f']*\d)?")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"(?<![\w])\+?\(?\d[\d\s().-]{5,}\d(?![\w])")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"(\d+(?:[.,]\d+)?)\s*(?:out\s+of|/|of)\s*(\d+(?:[.,]\d+)?)", RegexOptions.IgnoreCase)]
    private static partial Regex RatingOutOf();

    [GeneratedRegex(@"(\d+(?:[.,]\d+)?)\s*(?:stars?|★)", RegexOptions.IgnoreCase)]
    private static partial Regex RatingStars();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?,?\s+\d{4}|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})\b", RegexOptions.IgnoreCase)]
    private static partial Regex TextDate();

    public static string? FindMoney(string text)
    {
        var m = MoneyPattern().Match(text);
        return m.Success ? m.Value.Trim() : null;
    }

    public static List<(string Value, int Index)> FindAllMoney(string text) =>
        [.. MoneyPattern().Matches(text).Select(m => (m.Value.Trim(), m.Index))];

    public static bool LooksLikeMoney(string text) => MoneyPattern().IsMatch(text);

    /// <summary>
    /// The first number in a text, with thousands separators understood: "$1,299.00" → 1299,
    /// "1.299,50 €" → 1299.5, "4.5 out of 5" → 4.5, "12k" → 12000.
    /// </summary>
    public static double? ParseNumber(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var m = NumberPattern().Match(text);
        if (!m.Success)
        {
            return null;
        }
        var raw = m.Value.Replace('−', '-');
        raw = new string([.. raw.Where(c => c is not ('\u00a0' or '\u202f' or '\'' or ' '))]);
        var lastComma = raw.LastIndexOf(',');
        var lastDot = raw.LastIndexOf('.');
        string normalised;
        if (lastComma >= 0 && lastDot >= 0)
        {
            // The later separator is the decimal one.
            normalised = lastDot > lastComma
                ? raw.Replace(",", "", StringComparison.Ordinal)
                : raw.Replace(".", "", StringComparison.Ordinal).Replace(',', '.');
        }
        else if (lastComma >= 0)
        {
            var groups = raw.Split(',');
            var thousands = groups.Length > 2 || (groups[^1].Length == 3 && (LooksLikeMoney(text) || groups[0].TrimStart('-', '−').Length <= 3));
            normalised = thousands ? raw.Replace(",", "", StringComparison.Ordinal) : raw.Replace(',', '.');
        }
        else if (raw.Count(c => c == '.') > 1 || (raw.Split('.')[^1].Length == 3 && LooksLikeMoney(text)))
        {
            normalised = raw.Replace(".", "", StringComparison.Ordinal);
        }
        else
        {
            normalised = raw;
        }
        if (!double.TryParse(normalised, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }
        var rest = text[(m.Index + m.Length)..].TrimStart();
        if (rest.Length > 0 && (rest.Length == 1 || !char.IsLetter(rest[1])))
        {
            value *= char.ToLowerInvariant(rest[0]) switch
            {
                'k' => 1_000,
                'm' => 1_000_000,
                'b' => 1_000_000_000,
                _ => 1,
            };
        }
        return value;
    }

    /// <summary>yes/no, true/false, ✓/✗ and a few common words; null when the text says neither.</summary>
    public static bool? ParseBoolean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var t = text.Trim().TrimEnd('.', '!').ToLowerInvariant();
        return t switch
        {
            "yes" or "y" or "true" or "1" or "on" or "✓" or "✔" or "✔️" or "☑" or "✅" or "x" or "available" or "in stock" or "enabled" or "active" => true,
            "no" or "n" or "false" or "0" or "off" or "✗" or "✘" or "×" or "☐" or "❌" or "-" or "—" or "unavailable" or "out of stock" or "sold out" or "disabled" or "inactive" => false,
            _ => null,
        };
    }

    /// <summary>Whether the text states a rating in words: "4.6 out of 5", "Rated 3 out of 5 stars".</summary>
    public static bool RatingOutOfIn(string text) => RatingOutOfWords().IsMatch(text);

    [GeneratedRegex(@"\d(?:[.,]\d+)?\s*out\s+of\s*\d", RegexOptions.IgnoreCase)]
    private static partial Regex RatingOutOfWords();

    public static double? FindRating(string text)
    {
        var m = RatingOutOf().Match(text);
        if (m.Success)
        {
            return ParseNumber(m.Groups[1].Value);
        }
        m = RatingStars().Match(text);
        if (m.Success && ParseNumber(m.Groups[1].Value) is { } stars && stars <= 10)
        {
            return stars; // "4.5 stars"; "1,024 stars today" is a count of stars, not a rating
        }
        var glyphs = text.Count(c => c is '★' or '⭐');
        if (glyphs > 0 && text.All(c => c is '★' or '⭐' or '☆' or ' ' or '½'))
        {
            return glyphs + (text.Contains('½') ? 0.5 : 0);
        }
        return null;
    }

    public static string? FindDate(string text)
    {
        var m = IsoDate().Match(text);
        if (m.Success)
        {
            return m.Value;
        }
        m = TextDate().Match(text);
        return m.Success ? m.Value : null;
    }

    /// <summary>A date as ISO 8601 (<c>yyyy-MM-dd</c>, or full date-time when <paramref name="withTime"/>), when it can be read.</summary>
    public static string? NormaliseDate(string text, bool withTime)
    {
        string[] formats =
        [
            "yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss",
            "MMM d, yyyy", "MMMM d, yyyy", "MMM d yyyy", "MMMM d yyyy", "d MMM yyyy", "d MMMM yyyy", "MMM. d, yyyy", "MM/dd/yyyy", "M/d/yyyy", "dd.MM.yyyy", "d.M.yyyy",
        ];
        var cleaned = Regex.Replace(text.Trim(), @"(?<=\d)(st|nd|rd|th)\b", "", RegexOptions.None, TimeSpan.FromSeconds(1));
        cleaned = Regex.Replace(cleaned, @"\bSept\b", "Sep", RegexOptions.None, TimeSpan.FromSeconds(1));
        if (DateTimeOffset.TryParseExact(cleaned, formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out var dto))
        {
            return withTime ? dto.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture).Replace("+00:00", "Z", StringComparison.Ordinal) : dto.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        return null;
    }

    public static string? FindEmail(string text)
    {
        var m = EmailPattern().Match(text);
        return m.Success ? m.Value : null;
    }

    public static string? FindPhone(string text)
    {
        foreach (Match m in PhonePattern().Matches(text))
        {
            var digits = m.Value.Count(char.IsDigit);
            if (digits is >= 7 and <= 15 && !IsoDate().IsMatch(m.Value))
            {
                return m.Value.Trim();
            }
        }
        return null;
    }
}
