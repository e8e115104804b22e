using System.Text.RegularExpressions;

namespace OpsDashboard.Core.Agent;

/// <summary>
/// The parse half of the general planner: a clause no phrase rule knew ("Reset Priya Natarajan's password",
/// "Invite a new user with email kim@atlas.example", "Make Aiko Tanaka an admin") becomes its verb, its
/// content words, the phrases that may name a record and a value. The interpreter then maps those words onto
/// the page's affordances (a row's controls and menu, a select's options, a switch, a dialog's field and button).
/// </summary>
public static partial class GenericAction
{
    /// <summary>Verbs that start a command to act on something; a clause starting otherwise is not guessed at.</summary>
    private static readonly HashSet<string> Verbs =
    [
        "make", "demote", "promote", "grant", "assign", "reset", "invite", "follow", "unfollow", "reply", "respond", "answer", "comment",
        "bookmark", "save", "report", "flag", "mute", "unmute", "block", "unblock", "ban", "suspend", "reactivate", "activate", "deactivate",
        "delete", "remove", "cancel", "refund", "ship", "approve", "reject", "archive", "restore", "pin", "unpin", "star", "like", "upvote",
        "downvote", "share", "require", "enable", "disable", "turn", "switch", "toggle", "edit", "change", "update", "rename", "add", "create",
        "start", "open", "view", "mark", "resend", "send", "copy", "hide", "show", "expand", "collapse", "accept", "decline", "close", "reopen",
        "duplicate", "export", "download", "print", "clear", "empty", "load", "sign", "join", "subscribe", "unsubscribe", "message", "contact",
        "invite", "set", "give", "revoke", "lock", "unlock", "verify", "retry", "publish", "post", "submit", "apply", "use", "buy", "watch",
    ];

    public static ActIntent? Parse(string clause)
    {
        var c = clause.Trim().TrimEnd('.', '!', '?');
        var first = Regex.Match(c, @"^[A-Za-z]+").Value.ToLowerInvariant();
        if (!Verbs.Contains(first))
        {
            return null;
        }
        string? value = null;
        var quoted = Quoted().Match(c);
        var rest = c;
        if (quoted.Success)
        {
            value = quoted.Groups["q"].Value;
            rest = c.Remove(quoted.Index, quoted.Length).Insert(quoted.Index, " ");
        }
        var scopes = new List<string>();
        foreach (Match e in Email().Matches(rest))
        {
            scopes.Add(e.Value);
        }
        foreach (Match n in RecordNumber().Matches(rest))
        {
            scopes.Add(n.Groups["n"].Value);
        }
        foreach (Match p in Pronoun().Matches(rest))
        {
            scopes.Add(p.Value.ToLowerInvariant());
        }
        // Names: runs of capitalised words after the verb ("Priya Natarajan's", "Raj"), possessive dropped.
        foreach (Match n in Name().Matches(rest[first.Length..]))
        {
            var name = Regex.Replace(n.Value, @"['’]s$", "").Trim();
            if (name.Length > 1 && !scopes.Contains(name))
            {
                scopes.Add(name);
            }
        }
        // "to Viewer", "to liam.w@atlas.example": the value a change sets, when no quote gave one.
        var to = Regex.Match(rest, @"\b(?:to|as|into)\s+(?:an?\s+|the\s+)?(?<v>[^\s,]+(?:\s+[^\s,]+){0,3})\s*$", RegexOptions.IgnoreCase);
        // "Mark … as shipped", "mark it as read": a state the control is named by, not a value to type.
        var state = first == "mark" && to.Success && Regex.IsMatch(to.Groups["v"].Value, @"^[a-z]+$", RegexOptions.IgnoreCase);
        if (value is null && to.Success && !state && !Regex.IsMatch(to.Groups["v"].Value, @"^(?:bookmarks?|favou?rites?|my\s+\w+|the\s+\w+|everyone|all)$", RegexOptions.IgnoreCase))
        {
            value = to.Groups["v"].Value.Trim();
        }
        var words = TextMatch.Tokens(Lexicon.Canonical(rest)).ToList();
        return new ActIntent(clause, first, words, scopes.OrderByDescending(s => s.Length).ToList(), value);
    }

    /// <summary>Words that say what kind of thing a record is, not which one or what to do: no control is chosen for them alone.</summary>
    internal static readonly HashSet<string> KindWords =
    [
        "user", "post", "order", "item", "row", "entry", "record", "person", "account", "member", "new", "one", "thing", "everyone", "all",
        "email", "name", "publish", "them", "him", "her", "their", "his", "who", "whose", "with", "from", "by", "about", "as", "an", "for",
    ];

    [GeneratedRegex(@"""(?<q>[^""]+)""|“(?<q>[^”]+)”|(?<![A-Za-z])'(?<q>.+?)'(?![A-Za-z])|‘(?<q>[^’]+)’")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")]
    private static partial Regex Email();

    [GeneratedRegex(@"(?:#|\b(?:order|invoice|ticket|number|no\.?|id)\s+#?)(?<n>\d{2,})\b", RegexOptions.IgnoreCase)]
    private static partial Regex RecordNumber();

    [GeneratedRegex(@"\b(?:him|her|them)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Pronoun();

    [GeneratedRegex(@"(?<![\w@.])(?:[A-Z][\w’'-]*)(?:\s+(?:[A-Z][\w’'-]*))*")]
    private static partial Regex Name();
}
