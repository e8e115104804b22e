using System.Text.RegularExpressions;

namespace OpsDashboard.Core.Agent;

/// <summary>
/// The agent's one lexicon: words that mean the same on a page (publish ≈ post ≈ share, cart ≈ bag
/// ≈ basket, newest ≈ latest ≈ most recent, "highest first" ≈ "high to low"). Both the user's words and
/// the page's labels are put into canonical form before they are compared, so an option named
/// differently from the words ("Price: High to Low" for "price, highest first") still matches.
/// </summary>
public static partial class Lexicon
{
    /// <summary>Phrases and their canonical form, longest first where they overlap.</summary>
    private static readonly (Regex Pattern, string Canonical)[] Phrases =
    [
        (Re(@"\b(?:most\s+expensive|highest(?:\s+price)?|priciest)\s+(?:to|-|→)\s+(?:cheapest|lowest|least\s+expensive)\b"), "high to low"),
        (Re(@"\b(?:cheapest|lowest(?:\s+price)?|least\s+expensive)\s+(?:to|-|→)\s+(?:most\s+expensive|highest|priciest)\b"), "low to high"),
        (Re(@"\b(?:most\s+(?:upvoted|liked|votes|upvotes|likes)|top\s+posts?|top\s+voted)\b"), "top"),
        (Re(@"\b(?:highest|most\s+expensive|priciest)[\s-]+(?:priced?|cost(?:ing)?)(?:\s+(?:items|products|ones|things))?(?:\s+first)?\b"), "high to low"),
        (Re(@"\b(?:lowest|cheapest|least\s+expensive)[\s-]+(?:priced?|cost(?:ing)?)(?:\s+(?:items|products|ones|things))?(?:\s+first)?\b"), "low to high"),
        (Re(@"\b(?:highest|most\s+expensive|high(?:est)?)\s+(?:first|to\s+low(?:est)?)\b|\bdescending\b|\bhigh\s*-\s*low\b|\bprice\s+desc"), "high to low"),
        (Re(@"\b(?:lowest|cheapest|least\s+expensive|low(?:est)?)\s+(?:first|to\s+high(?:est)?)\b|\bascending\b|\blow\s*-\s*high\b|\bcheapest\b|\bprice\s+asc"), "low to high"),
        (Re(@"\b(?:newest|latest|most\s+recent|recent|new)\s*(?:first|arrivals?|posts?)?\b|\bnewest\b"), "newest"),
        (Re(@"\b(?:oldest|earliest|least\s+recent)\s*(?:first)?\b"), "oldest"),
        (Re(@"\b(?:avg\.?|average)\s+customer\s+reviews?\b|\b(?:best|top|highest)[\s-]+(?:rated|reviewed|rating)\b|\bcustomer\s+reviews?\b|\bratings?\b|\bstars?\b"), "rating"),
        (Re(@"\b(?:most\s+popular|popularity|best\s*sell(?:ing|ers?)|bestsell(?:ing|ers?)|top\s+sellers?)\b"), "popular"),
        (Re(@"\b(?:relevance|relevant|best\s+match|featured|recommended)\b"), "relevance"),
        (Re(@"\b(?:a\s*-\s*z|alphabetical(?:ly)?|name\s+ascending)\b"), "a to z"),
        (Re(@"\b(?:z\s*-\s*a|reverse\s+alphabetical|name\s+descending)\b"), "z to a"),
        (Re(@"\b(?:shopping\s+)?(?:bag|basket|trolley)\b"), "cart"),
        (Re(@"\b(?:wish\s*list|favou?rites?|saved\s+items)\b"), "wishlist"),
        (Re(@"\b(?:sign|log)\s*(?:in|on)\b|\blogin\b|\bsignin\b"), "sign in"),
        (Re(@"\b(?:sign|log)\s*out\b|\blogout\b"), "sign out"),
        (Re(@"\b(?:sign\s*up|subscribe|register|join|enrol+|opt\s+in)\b"), "sign up"),
        (Re(@"\b(?:publish|post|share|tweet|send)\b"), "publish"),
        (Re(@"\b(?:delete|remove|trash|discard|erase)\b|\bget\s+rid\s+of\b"), "delete"),
        (Re(@"\b(?:suspend|deactivate)\b"), "suspend"),
        (Re(@"\b(?:upvote|up-vote|vote\s+up|like|heart)\b"), "upvote"),
        (Re(@"\bcancel+(?:ing|ed|ation)\b"), "cancel"),
        (Re(@"\b(?:administrator|admin)\b"), "admin"),
        (Re(@"\b(?:2fa|mfa|two[\s-]*factor(?:\s+auth(?:entication)?)?|multi[\s-]*factor(?:\s+auth(?:entication)?)?|two[\s-]*step\s+verification)\b"), "two factor"),
    ];

    private static Regex Re(string pattern) => new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>
    /// The verbs of everyday speech and the verb the rest of the parser knows them by, at the start of a clause:
    /// "throw X into my bag" is "add X to my bag", "get rid of X" is "remove X", "DM Tom" is "message Tom", "rearrange the
    /// list so the cheapest come first" is "sort by cheapest first", "begin deleting X" is "start deleting X".
    /// </summary>
    private static readonly (Regex Pattern, string Replacement)[] VerbPhrases =
    [
        (Re(@"^(?:throw|toss|pop|stick|drop|place)\s+(?<rest>.+?\s+(?:in|into|to|on)\s+(?:the\s+|my\s+|your\s+)?(?:shopping\s+)?(?:cart|bag|basket|trolley|wish\s*list|wishlist)\b)$"), "add ${rest}"),
        (Re(@"^get\s+rid\s+of\s+"), "remove "),
        (Re(@"^take\s+(?<what>.+?)\s+out\s+of\s+"), "remove ${what} from "),
        (Re(@"^(?:rearrange|reorder|re-order|organi[sz]e|arrange)\s+(?:the\s+|these\s+|my\s+)?(?:list|results|items|products|page|feed|posts)\s+so\s+(?:that\s+)?(?:the\s+)?(?<key>.+?)\s+(?:ones\s+)?(?:comes?|are|is|shows?|appears?|goes?)\s+(?:at\s+the\s+top|first)$"), "sort by ${key} first"),
        (Re(@"^(?:put|show|list|place)\s+(?:the\s+)?(?<key>(?:lowest|cheapest|highest|most\s+expensive|newest|latest|oldest|best|top|most)[\w\s-]*?)\s+(?:ones\s+|items\s+|products\s+|posts\s+)?(?:first|at\s+the\s+top)$"), "sort by ${key} first"),
        (Re(@"^(?:temporarily\s+)?(?:disable|block|revoke|freeze|pause)\s+(?<who>.+?)(?:'s|’s)\s+(?:access|account|login)$"), "suspend ${who}"),
        (Re(@"^(?:begin|start)\s+(?:to\s+)?(?<verb>delet|cancel|remov|refund|reset)(?:ing|e)?\s+"), "start ${verb}ing "),
        (Re(@"^(?:dm|pm|direct\s+message|private\s+message)\s+"), "message "),
        (Re(@"^(?:put\s+up|write\s+up|post\s+up)\s+(?:a\s+|an\s+)?(?:new\s+)?(?:status\s+update|status|update|post)\b"), "post a new status"),
        (Re(@"^hit\s+(?:the\s+)?(?<k>enter|return)\b"), "press ${k}"),
        (Re(@"^(?<verb>remove|delete)\s+(?<what>.+?)\s+in\s+(?<where>(?:my|the|your)\s+(?:shopping\s+)?(?:cart|bag|basket|trolley))$"), "${verb} ${what} from ${where}"),
        (Re(@"^(?:back\s+out|bail\s+out|say\s+no|decline|cancel|press\s+cancel|choose\s+cancel)\s+(?:at|on|to|when\s+(?:you\s+)?(?:see|get\s+to|reach|are\s+asked|asked))\s+(?:the\s+)?(?:confirmation|prompt|dialog|question|popup|modal)\b.*$"), "don't confirm when asked"),
    ];

    /// <summary>A clause with its leading everyday verb phrase put into the verb the parser knows (<see cref="VerbPhrases"/>); unchanged otherwise.</summary>
    public static string CanonicalVerbs(string clause)
    {
        // In order, each at most once: "get rid of X in my cart" → "remove X in my cart" → "remove X from my cart".
        foreach (var (pattern, replacement) in VerbPhrases)
        {
            clause = pattern.Replace(clause, replacement, 1);
        }
        return clause;
    }

    /// <summary>Text in canonical words ("Price: Highest first" → "price high to low").</summary>
    public static string Canonical(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }
        if (Cache.TryGetValue(text, out var known))
        {
            return known;
        }
        var canonical = Rewrite(text);
        if (Cache.Count < 8192)
        {
            Cache.TryAdd(text, canonical);
        }
        return canonical;
    }

    /// <summary>Page labels repeat from step to step: each is rewritten once (bounded).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    private static string Rewrite(string text)
    {
        var t = text;
        foreach (var (pattern, canonical) in Phrases)
        {
            t = pattern.Replace(t, " " + canonical + " ");
        }
        return Regex.Replace(t, @"\s+", " ").Trim();
    }

    private static readonly string[] SortKeys = ["high to low", "low to high", "newest", "oldest", "rating", "popular", "relevance", "a to z", "z to a", "top"];

    /// <summary>
    /// The ordering a phrase asks for in canonical words, the rest dropped ("the best rated headphones" → "rating",
    /// "price, highest first" → "price high to low"); the phrase itself when it names no known ordering.
    /// </summary>
    public static string SortKey(string phrase)
    {
        var c = " " + Canonical(phrase) + " ";
        var keys = SortKeys.Where(k => c.Contains(" " + k + " ", StringComparison.OrdinalIgnoreCase)).ToList();
        if (keys.Count == 0)
        {
            return phrase;
        }
        var price = Regex.IsMatch(phrase, @"\bprice|\bcost|expensive|cheap", RegexOptions.IgnoreCase) && keys.Any(k => k.Contains("to", StringComparison.Ordinal)) ? "price " : "";
        return price + string.Join(' ', keys);
    }

    /// <summary>How well a page's option (or label) means the user's words: literally, or once both are in canonical words.</summary>
    public static double OptionScore(string wanted, string? option) =>
        option is null ? 0 : Math.Max(TextMatch.Score(wanted, option), 0.98 * TextMatch.Score(Canonical(wanted), Canonical(option)));

    /// <summary>True when two words or phrases mean the same action or thing ("publish" and "Post").</summary>
    public static bool Synonyms(string a, string b) =>
        TextMatch.Normalize(Canonical(a)) == TextMatch.Normalize(Canonical(b));

    private static readonly string[][] FieldGroups =
    [
        ["subject", "topic", "reason", "regarding", "enquiry type", "inquiry type", "category"],
        ["message", "comment", "comments", "body", "question", "details", "your message", "how can we help"],
        ["email", "e-mail", "email address", "mail"],
        ["phone", "phone number", "telephone", "mobile", "tel"],
        ["name", "full name", "your name"],
        ["last name", "surname", "family name"],
        ["zip", "zip code", "postcode", "postal code"],
        ["company", "organisation", "organization", "business"],
        ["search", "search bar", "search box", "search field", "searchbox", "search input"],
        ["compose", "composer", "what's happening", "what is happening", "new post", "status", "post box"],
    ];

    /// <summary>Other names a form field goes by ("topic" → subject, reason …), the words themselves excluded.</summary>
    public static IEnumerable<string> FieldAlternatives(string field)
    {
        var f = TextMatch.Normalize(field);
        return FieldGroups.Where(g => g.Any(w => TextMatch.Normalize(w) == f)).SelectMany(g => g).Where(w => TextMatch.Normalize(w) != f).Distinct();
    }
}
