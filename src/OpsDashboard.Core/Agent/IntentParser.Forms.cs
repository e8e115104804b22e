using System.Text.RegularExpressions;

namespace OpsDashboard.Core.Agent;

/// <summary>
/// Forms from a sentence: a message to the site's own people ("Send a message to support with name …, email …,
/// message '…'", "Contact support with …", "send a message as Li Wei, li.wei@example.com, subject …") fills the
/// contact form's fields and sends it once the whole command is read (a later "and sign me up for the newsletter"
/// ticks its box first; a required field left empty asks the user); a newsletter sign-up with an email types it
/// into the newsletter form's field and presses that form's sign-up button.
/// </summary>
public static partial class IntentParser
{
    /// <summary>The intents of a contact-form clause, or null when the clause is not one. <paramref name="send"/>: the form is to be sent after the command's other clauses.</summary>
    internal static List<Intent>? ContactClause(string clause, out bool send)
    {
        send = false;
        var c = clause.Trim().TrimEnd('.', '!');
        var lead = ContactLeadRe().Match(c);
        if (!lead.Success)
        {
            return null;
        }
        var body = c[lead.Length..].Trim();
        var pairs = ContactPairs(body);
        if (pairs.Count == 0)
        {
            // "I need to contact support." before a sentence of the values: nothing to do yet; the values come next.
            return body.Length == 0 && Regex.IsMatch(lead.Value, @"^(?:contact|write\s+to|reach\s+out\s+to|get\s+in\s+touch\s+with)\b", RegexOptions.IgnoreCase) ? [] : null;
        }
        var addressed = Regex.IsMatch(lead.Value, @"\b(?:support|us|help\s*desk|customer\s+service|team|request|ticket|enquiry|inquiry|contact)\b", RegexOptions.IgnoreCase);
        if (!addressed && (pairs.Count < 2 || Regex.IsMatch(body, @"^to\s", RegexOptions.IgnoreCase)))
        {
            return null; // "Send a direct message to Nora Quinn saying …" is a message to a person, not the site's form
        }
        send = !Regex.IsMatch(lead.Value, @"^(?:fill|draft|write(?!\s+to\b)|prepare)", RegexOptions.IgnoreCase);
        return [new FillFormIntent(clause, pairs)];
    }

    /// <summary>
    /// Field values from free text: "name X", "email: Y", "my topic is Z", "message '…'", a bare email, "as Li Wei" or
    /// "from Petra Novak (petra@novak.cz)" (a name, and the email in brackets), "saying '…'" (the message).
    /// </summary>
    internal static List<(string Field, string Value)> ContactPairs(string body)
    {
        var pairs = new List<(string, string)>();
        var rest = body;
        var saying = Regex.Match(rest, @"(?:^|\s|,)(?:saying|that\s+says|with\s+the\s+message|message:?)\s*:?\s*(?<t>[""“'‘].+[""”'’])\s*$", RegexOptions.IgnoreCase);
        if (saying.Success)
        {
            rest = Regex.Replace(rest[..saying.Index], @"[,\s]+(?:and|with)\s*$", "", RegexOptions.IgnoreCase);
        }
        rest = Regex.Replace(rest, @"^(?:with|using|:)\s*", "", RegexOptions.IgnoreCase);
        // "… about a partnership: 'We would like to resell.'", "it's about Billing: '…'", "regarding my invoice": the topic,
        // and a quoted text no field names is the message.
        string? message = null;
        var tail = Regex.Match(rest, @"[:,\s]\s*(?<t>[""“'‘][^""“”'‘’]{2,}[""”'’])\s*$");
        if (!saying.Success && tail.Success && !Regex.IsMatch(rest[..tail.Index], @"\b(?:message|subject|topic|name|email)\s*:?\s*$", RegexOptions.IgnoreCase))
        {
            message = Unquote(tail.Groups["t"].Value);
            rest = rest[..tail.Index].TrimEnd(':', ',', ' ');
        }
        var about = Regex.Match(rest, @"(?:^|[,\s])(?:(?:it'?s|it\s+is|this\s+is)\s+)?(?:about|regarding|concerning|re:?)\s+(?:a\s+|an\s+|the\s+|my\s+)?(?<topic>[\w&' -]+?)\s*$", RegexOptions.IgnoreCase);
        if (about.Success && about.Groups["topic"].Value.Trim().Length > 1)
        {
            pairs.Add(("Topic", about.Groups["topic"].Value.Trim()));
            rest = rest[..about.Index].TrimEnd(':', ',', ' ');
        }
        foreach (var raw in Regex.Split(MaskedSplit(rest), @"\u0001").Select(p => p.Trim().TrimEnd('.', ',')).Where(p => p.Length > 0))
        {
            var part = Regex.Replace(raw, @"^(?:and|with|also)\s+", "", RegexOptions.IgnoreCase).Trim();
            var from = Regex.Match(part, @"^(?:as|from|by)\s+(?<n>[^(@]+?)\s*(?:\((?<e>[^)\s]+@[^)\s]+)\))?$", RegexOptions.IgnoreCase);
            if (from.Success)
            {
                pairs.Add(("Name", from.Groups["n"].Value.Trim()));
                if (from.Groups["e"].Success)
                {
                    pairs.Add(("Email", from.Groups["e"].Value));
                }
                continue;
            }
            if (Regex.IsMatch(part, @"^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$"))
            {
                pairs.Add(("Email", part));
                continue;
            }
            // The longest field name the part starts with ("order number 55120" is the order number, not the order).
            var key = FieldWords.Where(k => part.StartsWith(k + " ", StringComparison.OrdinalIgnoreCase) || part.StartsWith(k + ":", StringComparison.OrdinalIgnoreCase))
                .OrderByDescending(k => k.Length).FirstOrDefault();
            if (key is not null && part[key.Length..].TrimStart(':', ' ', '=') is { Length: > 0 } v && !Regex.IsMatch(v, @"^(?:is|are|should\s+be)\b", RegexOptions.IgnoreCase))
            {
                pairs.Add((Capitalize(key), Unquote(v.Trim().TrimEnd('.'))));
                continue;
            }
            var m = SentencePairRe().Match(part);
            if (m.Success && FieldWords.Contains(m.Groups["k"].Value.Trim().ToLowerInvariant()))
            {
                pairs.Add((Capitalize(m.Groups["k"].Value.Trim()), Unquote(m.Groups["v"].Value.Trim().TrimEnd('.'))));
            }
        }
        if (saying.Success)
        {
            pairs.Add(("Message", Unquote(saying.Groups["t"].Value)));
        }
        else if (message is not null)
        {
            pairs.Add(("Message", message));
        }
        return pairs;
    }

    /// <summary>"Sign me up for the newsletter … using mia@example.net", "Join the mailing list with the email zoe@…": the email, or null.</summary>
    internal static List<Intent>? NewsletterClause(string clause)
    {
        var c = clause.Trim().TrimEnd('.', '!');
        if (!NewsletterRe().IsMatch(c) || Regex.IsMatch(c, @"^(?:type|enter|put|fill|write|input)\b", RegexOptions.IgnoreCase))
        {
            return null;
        }
        var email = Regex.Match(c, @"[\w.+-]+@[\w-]+(?:\.[\w-]+)+");
        if (!email.Success)
        {
            return null;
        }
        return
        [
            new TypeIntent(clause, email.Value, "email") { Scope = "newsletter" },
            new ClickIntent(clause, "Subscribe", null, null, "newsletter"),
        ];
    }

    [GeneratedRegex(@"^(?:(?:send|write|submit|file|open|raise)\s+(?:a\s+|an\s+)?(?:new\s+)?(?:[\w-]+\s+){0,2}?(?:message|request|ticket|enquiry|inquiry|note)(?:\s+to\s+(?:the\s+)?(?:support|us|help\s*desk|customer\s+service|the\s+team|team))?|(?:contact|write\s+to|reach\s+out\s+to|get\s+in\s+touch\s+with)\s+(?:the\s+)?(?:support(?:\s+team)?|us|help\s*desk|customer\s+(?:service|support)|team)|message\s+(?:the\s+)?support|fill\s+(?:in\s+|out\s+)?(?:the\s+)?(?:contact|support)\s+form)\s*(?::|\bwith\b|\busing\b)?", RegexOptions.IgnoreCase)]
    private static partial Regex ContactLeadRe();

    [GeneratedRegex(@"\b(?:newsletter|mailing\s+list|email\s+updates)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NewsletterRe();
}
