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
        (Re(@"\b(?:shopping\s+)?(?:bag|basket|trolley|cart)\b"), "cart"),
        (Re(@"\b(?:wish\s*list|favou?rites?|saved\s+items)\b"), "wishlist"),
        (Re(@"\b(?:(?:proceed|go|continue)\s+to\s+(?:the\s+)?check\s*out|check\s*out)\b"), "checkout"),
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
        (Re(@"^(?<v>switch|change|move|set)\s+(?<who>.+?)\s+over\s+to\s+"), "${v} ${who} to "),
        (Re(@"^(?<who>(?-i:[A-Z])[\w’'-]+(?:\s+(?-i:[A-Z])[\w’'-]+){0,3})\s+should\s+(?:now\s+)?(?:be|become)\s+(?:an?\s+)?(?<v>[\w -]+?)(?:\s+(?:from\s+now\s+on|going\s+forward|now|instead))?$"), "make ${who} a ${v}"),
        (Re(@"^(?<v>click|press|tap|hit)\s+(?:the\s+)?(?<x>[\w' -]+?)\s+(?:button\s+)?(?:on|for|in|next\s+to)\s+(?:the\s+row\s+for\s+)?(?<rec>(?:order|invoice|ticket|request)\s+#?\d+|#\d+)$"), "${x} ${rec}"),
        (Re(@"^(?:send|issue)\s+(?:an?\s+)?invit(?:ation|e)\s+to\s+"), "invite "),
        (Re(@"^(?<v>open|expand|show(?:\s+me)?|read|view)\s+(?:the\s+)?(?:faq(?:\s+(?:entry|item|question))?|question|help\s+article|article|entry|section)\s+(?:about|on|for|regarding|that\s+covers)\s+(?:the\s+)?"), "${v} "),
        (Re(@"^(?:go|walk|click|get)\s+through\s+(?:the\s+)?checkout\s+(?:up\s+to|until|to|as\s+far\s+as)\s+"), "proceed to checkout until "),
        (Re(@"^(?:go|walk|click|get)\s+through\s+(?:the\s+)?checkout\b"), "proceed to checkout"),
        (Re(@"^(?<v>open|click(?:\s+on)?|select|choose|view|show(?:\s+me)?)\s+the\s+(?<o>first|second|third|fourth|fifth|last|\d+(?:st|nd|rd|th))\s+(?<n>product|item|result|listing|one|post)\s+(?:in|on|from|of)\s+(?:the\s+)?(?:search\s+)?(?:results|list|page|feed)$"), "${v} the ${o} ${n}"),
        (Re(@"^i\s+(?:only\s+)?(?:want|need|would\s+like|'d\s+like)\s+to\s+(?:see|view|browse)\s+(?:only\s+)?"), "show "),
        (Re(@"^(?<v>apply|use|enter|redeem|add)\s+(?<code>.+?\bcode\b.+?)\s+(?:on|for|to|at)\s+(?:my|the|this)\s+(?:order|bag|cart|basket|purchase|checkout)$"), "${v} ${code}"),
        (Re(@"^(?:increase|decrease|raise|lower|bump|change|set|update|make)\s+(?:the\s+)?(?:quantity|qty|amount|number\s+of\s+items)\s+(?:up\s+|down\s+)?(?:to|at)\s+(?<n>\d+)$"), "set the quantity to ${n}"),
        (Re(@"\b(?<a>between|from)\s+(?<x>\d+(?:\.\d{1,2})?)\s+(?<b>and|to|-)\s+(?<y>\d+(?:\.\d{1,2})?)\s*(?:dollars|bucks|usd)\b"), "${a} $$${x} ${b} $$${y}"),
        (Re(@"\bone(?=\s*(?:-\s*)?stars?\b)"), "1"),
        (Re(@"\btwo(?=\s*(?:-\s*)?stars?\b)"), "2"),
        (Re(@"\bthree(?=\s*(?:-\s*)?stars?\b)"), "3"),
        (Re(@"\bfour(?=\s*(?:-\s*)?stars?\b)"), "4"),
        (Re(@"\bfive(?=\s*(?:-\s*)?stars?\b)"), "5"),
        (Re(@"\b(?<form>[\w-]+\s+form)['’]s\s+(?<f>[\w -]+?)\s+(?<k>field|box|input)\b"), "${f} ${k} of the ${form}"),
        (Re(@"^(?<v>type|enter|put|write)\s+(?<x>\S+@\S+)\s+(?:in|into)\s+(?:the\s+)?(?:footer\s+|bottom\s+)?newsletter(?:\s+sign-?up)?\s+(?:box|field|form|input)\b"), "${v} ${x} into the email field of the newsletter form"),
        (Re(@"^(?:pick|select|choose)\s+(?:a\s+|the\s+)?size\s+(?<v>[\w.]+)$"), "select ${v} as the size"),
        (Re(@"^(?:pick|select|choose)\s+(?:the\s+)?(?<v>[a-z]+)\s+colou?r$"), "select ${v} as the colour"),
        (Re(@"^(?:pick|select|choose)\s+(?:the\s+)?colou?r\s+(?<v>[a-z]+)$"), "select ${v} as the colour"),
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
        ["promo code", "discount code", "coupon", "coupon code", "voucher", "voucher code", "promotional code", "gift card", "code"],
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
