using System.Text;
using System.Text.RegularExpressions;

namespace OpsDashboard.Core.Agent;

/// <summary>
/// The clause grammar under <see cref="IntentParser"/>: splits a command into clauses ("…, then …",
/// ";", "and" before a new verb, sentence ends; quoted spans are atomic) and reads the basic verbs
/// (go to, click, type, press, scroll) of a clause no richer rule took. Part of the one parser.
/// </summary>
public static partial class ClauseGrammar
{
    /// <summary>Splits a command into clauses without breaking quoted spans.</summary>
    public static IReadOnlyList<string> SplitClauses(string cmd)
    {
        // Mask quoted spans so separators inside them are not seen.
        var masked = MaskQuotes(cmd);
        var cuts = new List<(int Start, int Length)>();
        foreach (Match m in Separator().Matches(masked))
        {
            cuts.Add((m.Index, m.Length));
        }
        foreach (Match m in AndBeforeVerb().Matches(masked))
        {
            cuts.Add((m.Index, m.Groups["sep"].Length));
        }
        foreach (Match m in QuotedSentenceEnd().Matches(cmd))
        {
            // "… about a partnership: 'We would like to resell.' Tick the newsletter box too": a sentence that ended inside its quote.
            if (masked[m.Index] != cmd[m.Index] && masked[m.Index + 1] == cmd[m.Index + 1])
            {
                cuts.Add((m.Index + 2, m.Length - 2));
            }
        }
        cuts.Sort((a, b) => a.Start.CompareTo(b.Start));
        var clauses = new List<string>();
        var pos = 0;
        foreach (var (start, length) in cuts)
        {
            if (start < pos)
            {
                continue;
            }
            Add(cmd[pos..start]);
            pos = start + length;
        }
        Add(cmd[pos..]);
        return clauses;

        void Add(string piece)
        {
            var t = piece.Trim().Trim(',', '.', ' ').Trim();
            t = LeadingFiller().Replace(t, "");
            t = TrailingFiller().Replace(t, "").Trim();
            if (t.Length > 0)
            {
                clauses.Add(t);
            }
        }
    }

    private static string MaskQuotes(string s)
    {
        var sb = new StringBuilder(s);
        char? open = null;
        for (var i = 0; i < sb.Length; i++)
        {
            var c = sb[i];
            if (open is null && (c is '"' or '“' or '\'' or '‘') && (c is not '\'' and not '‘' || i == 0 || !char.IsLetterOrDigit(s[i - 1])))
            {
                open = c switch { '“' => '”', '‘' => '’', _ => c };
                continue;
            }
            if (open is not null && (c == open || (open == '\'' && c == '’') || (open == '"' && c == '”')))
            {
                open = null;
                continue;
            }
            if (open is not null)
            {
                sb[i] = 'x';
            }
        }
        return sb.ToString();
    }

    internal static Intent? ParseBasic(string clause)
    {
        var c = clause.Trim();
        Match m;

        if ((m = ScrollRe().Match(c)).Success)
        {
            return new ScrollIntent(clause, ScrollDirectionOf(m.Groups["rest"].Value));
        }
        if ((m = PressKeyRe().Match(c)).Success)
        {
            return new PressIntent(clause, NormalizeKey(m.Groups["key"].Value));
        }
        if ((m = TypeIntoRe().Match(c)).Success)
        {
            return new TypeIntent(clause, m.Groups["text"].Value, CleanTarget(m.Groups["field"].Value));
        }
        if ((m = FillWithRe().Match(c)).Success)
        {
            return new TypeIntent(clause, IntentParser.Unquote(m.Groups["text"].Value.Trim()), CleanTarget(m.Groups["field"].Value));
        }
        if ((m = TypeOnlyRe().Match(c)).Success)
        {
            return new TypeIntent(clause, m.Groups["text"].Value, null);
        }
        if ((m = NavigateRe().Match(c)).Success)
        {
            var target = IntentParser.Unquote(m.Groups["target"].Value.Trim());
            var url = AsUrl(target);
            if (url is not null)
            {
                return new NavigateIntent(clause, url);
            }
            // "open the 'Next page' link" names a link, not an address.
            var name = CleanTarget(target);
            return name.Length == 0 ? null : new ClickIntent(clause, name);
        }
        if ((m = ClickRe().Match(c)).Success)
        {
            var name = CleanTarget(m.Groups["target"].Value);
            return name.Length == 0 ? null : new ClickIntent(clause, name);
        }
        return null;
    }

    /// <summary>
    /// The direction named right after "scroll": "up"/"down" win over words later in the clause
    /// ("scroll up to the pending orders" is up), "to the bottom/end" and "to the top" are jumps.
    /// </summary>
    private static ScrollDirection ScrollDirectionOf(string rest)
    {
        var words = Regex.Split(rest.Trim().ToLowerInvariant(), @"[^a-z]+").Where(w => w.Length > 0).ToList();
        var first = words.FirstOrDefault(w => w is not ("the" or "page" or "all" or "way" or "a" or "bit" or "to" or "further" or "more" or "back"));
        return first switch
        {
            "up" or "upwards" => ScrollDirection.Up,
            "down" or "downwards" => ScrollDirection.Down,
            "bottom" or "end" or "footer" => ScrollDirection.Bottom,
            "top" or "start" or "beginning" => ScrollDirection.Top,
            _ => ScrollDirection.Down,
        };
    }

    /// <summary>An absolute URL for a navigation target, or null when it does not look like an address.</summary>
    public static string? AsUrl(string target)
    {
        var t = target.Trim().TrimEnd('.', ',');
        if (t.Contains(' '))
        {
            return null;
        }
        if (t.Contains("://", StringComparison.Ordinal) || t.StartsWith("about:", StringComparison.OrdinalIgnoreCase))
        {
            return t;
        }
        if (t.StartsWith("localhost", StringComparison.OrdinalIgnoreCase) || HostLike().IsMatch(t))
        {
            return (t.StartsWith("localhost", StringComparison.OrdinalIgnoreCase) || IpLike().IsMatch(t) ? "http://" : "https://") + t;
        }
        return null;
    }

    /// <summary>Strips quotes, articles and role words: "the 'Add to Cart' button" → "Add to Cart".</summary>
    public static string CleanTarget(string raw)
    {
        var t = raw.Trim().TrimEnd('.', ',', '!', '?').Trim();
        var quoted = FirstQuoted().Match(t);
        if (quoted.Success)
        {
            return quoted.Groups["q"].Value.Trim();
        }
        t = LeadingArticle().Replace(t, "");
        t = TrailingRole().Replace(t, "");
        return t.Trim();
    }

    private static string NormalizeKey(string key) => key.Trim().ToLowerInvariant() switch
    {
        "enter" or "return" => "Enter",
        "tab" => "Tab",
        "escape" or "esc" => "Escape",
        "space" or "spacebar" => "Space",
        "backspace" => "Backspace",
        "page down" or "pagedown" => "PageDown",
        "page up" or "pageup" => "PageUp",
        "arrow down" or "down arrow" => "ArrowDown",
        "arrow up" or "up arrow" => "ArrowUp",
        "arrow left" or "left arrow" => "ArrowLeft",
        "arrow right" or "right arrow" => "ArrowRight",
        var other => char.ToUpperInvariant(other[0]) + other[1..],
    };

    /// <summary>What a scroll did, for the step's message.</summary>
    public static string Describe(ScrollDirection direction) => direction switch
    {
        ScrollDirection.Down => "scrolled down",
        ScrollDirection.Up => "scrolled up",
        ScrollDirection.Bottom => "scrolled to the bottom",
        _ => "scrolled to the top",
    };

    /// <summary>Verbs that begin a new clause after ",", "and" or a sentence end.</summary>
    private const string ClauseVerbs =
        "go|open|navigate|visit|click|tap|press|hit|type|enter|fill|write|scroll|select|choose|submit|search|find|look|add|remove|log|sign|" +
        "proceed|continue|confirm|stop|draft|compose|post|publish|sort|filter|show|wait|check|uncheck|tick|follow|like|upvote|cancel|change|" +
        "update|set|send|return|use|place|pick|buy|save|delete|edit|accept|reject|dismiss|close|view|expand|load|keep|make|put|share|reply|" +
        "tick|untick|throw|toss|bookmark|mark|rearrange|reorder|begin|back\\s+out|get\\s+rid|take\\s+(?:it|them|the|my|this)\\b|" +
        // "… and only show items from $50 to $100": a filter clause of its own
        @"only(?=\s+(?:show|display|list|keep|include)\b)|" +
        // "and DM him '…'", "and message Sam Lee '…'": a message verb only before a person and then the quoted message
        // ("name and message 'hi'", "…, message Hello there, then submit" are a form's field list).
        @"(?:dm|pm|message|text)(?=\s+(?:him|her|them|@[\w.-]+|(?-i:[A-Z])[\w.’'-]*(?:\s+(?-i:[A-Z])[\w.’'-]*)*)\s*[,:]?\s*(?:saying|that\s+says|with\s+the\s+text|with|reading)?\s*:?\s*[""“'‘])";

    [GeneratedRegex(@"\s*(?:;|,?\s*and\s+then\b|,\s*then\b|\bthen\b|(?<=[a-z0-9""'”’)])\.\s+(?=[A-Za-z])|(?<=[.!?][""'”’])\s+(?=(?-i:[A-Z]))|,\s*(?:and\s+)?(?=(?:" + ClauseVerbs + @")\b))\s*", RegexOptions.IgnoreCase)]
    private static partial Regex Separator();

    [GeneratedRegex(@"(?<!\bgo\s+ahead)(?<sep>,?\s+and\s+)(?=(?:" + ClauseVerbs + @")\b)", RegexOptions.IgnoreCase)]
    private static partial Regex AndBeforeVerb();

    [GeneratedRegex(@"^(?:please\s+|now\s+|and\s+|also\s+|finally\s+|first\s+|next\s+|kindly\s+|(?:can|could|would|will)\s+you(?:\s+please)?\s+|i(?:'d|\s+would)\s+like\s+(?:you\s+)?to\s+|i\s+(?:want|need)\s+(?:you\s+)?to\s+|help\s+me\s+|go\s+ahead\s+and\s+|let's\s+|(?:hi|hello|hey)(?:\s+there)?[,!.]?\s+|ok(?:ay)?[,!.]?\s+|just\s+)+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingFiller();

    /// <summary>"… please", "… for me?", a question's mark: politeness, not part of a value (quoted text keeps its own "?").</summary>
    [GeneratedRegex(@"(?:[,\s]+(?:please|thanks|thank\s+you|for\s+me))*\s*\?+$|(?:[,\s]+(?:please|thanks|thank\s+you|for\s+me|if\s+you\s+can|if\s+possible|too|as\s+well))+$", RegexOptions.IgnoreCase)]
    private static partial Regex TrailingFiller();

    [GeneratedRegex(@"[.!?][""'”’]\s+(?=[A-Z])")]
    private static partial Regex QuotedSentenceEnd();

    [GeneratedRegex(@"^scroll(?<rest>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex ScrollRe();

    [GeneratedRegex(@"^(?:press|hit|push)\s+(?:the\s+)?(?<key>enter|return|tab|escape|esc|space|spacebar|backspace|delete|home|end|page ?down|page ?up|arrow (?:down|up|left|right)|(?:down|up|left|right) arrow|f(?:[1-9]|1[0-2]))(?:\s+key)?$", RegexOptions.IgnoreCase)]
    private static partial Regex PressKeyRe();

    [GeneratedRegex(@"^(?:type|enter|write|input|put)\s+(?:[""“](?<text>[^""”]*)[""”]|['‘](?<text>.*?)['’](?![a-z]))\s+(?:into|in|on)\s+(?<field>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex TypeIntoRe();

    [GeneratedRegex(@"^fill(?:\s+in|\s+out)?\s+(?<field>.+?)\s+with\s+(?<text>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex FillWithRe();

    [GeneratedRegex(@"^(?:type|enter|write|input)\s+(?:[""“](?<text>[^""”]*)[""”]|['‘](?<text>.*?)['’](?![a-z]))$", RegexOptions.IgnoreCase)]
    private static partial Regex TypeOnlyRe();

    [GeneratedRegex(@"^(?:go\s+to|go\s+back\s+to|open(?:\s+up)?|navigate\s+to|visit|load|browse\s+to)\s+(?<target>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex NavigateRe();

    [GeneratedRegex(@"^(?:click|tap|press|push|hit|choose|select)(?:\s+on)?\s+(?<target>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex ClickRe();

    [GeneratedRegex(@"[""“](?<q>[^""”]+)[""”]|(?<![a-z])['‘](?<q>.+?)['’](?![a-z])", RegexOptions.IgnoreCase)]
    private static partial Regex FirstQuoted();

    [GeneratedRegex(@"^(?:on\s+)?(?:the|a|an)\s+", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingArticle();

    [GeneratedRegex(@"\s+(?:button|link|tab|field|box|text ?box|input|menu item|icon)$", RegexOptions.IgnoreCase)]
    private static partial Regex TrailingRole();

    [GeneratedRegex(@"^[a-z0-9-]+(?:\.[a-z0-9-]+)+(?::\d+)?(?:/\S*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex HostLike();

    [GeneratedRegex(@"^\d+\.\d+\.\d+\.\d+")]
    private static partial Regex IpLike();
}
