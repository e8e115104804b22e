using System.Globalization;
using System.Text.RegularExpressions;

namespace OpsDashboard.Core.Agent;

/// <summary>
/// Parses a natural-language command into intents, guards and a stop condition, deterministically.
/// Clauses come from <see cref="ClauseGrammar.SplitClauses"/>; each is matched against phrase rules
/// in order (guards and stop conditions first, then the most specific verbs). A clause no rule
/// understands is returned as unrecognized, never guessed at.
/// </summary>
public static partial class IntentParser
{
    public static AgentPlan Parse(string cmd)
    {
        var intents = new List<Intent>();
        var forbidden = new List<string>();
        var unrecognized = new List<string>();
        string? stop = null;
        string? rowScope = null;
        var sendForm = false;
        // Everyday verbs are read as the verbs the rules know ("throw X into my bag" → "add X to my bag"); the intents keep the words the user wrote.
        var spokenAs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in ClauseGrammar.SplitClauses(cmd))
        {
            var clause = Lexicon.CanonicalVerbs(raw.Trim());
            if (clause != raw.Trim())
            {
                spokenAs[clause] = raw.Trim();
            }
            var lead = RowScopeRe().Match(clause.TrimEnd('.', '!', ','));
            if (lead.Success)
            {
                // "In the row for Fatima Zahra, select Admin …": the scope of the clause that follows.
                rowScope = ScopeWords(lead.Groups["scope"].Value);
                continue;
            }
            if (Regex.IsMatch(clause.TrimEnd('.', '!', ','), @"^(?:in|on|within|inside|using)\s+(?:the\s+)?[\w' -]{1,40}?\s+(?:form|section|panel|dialog|tab|page|box)$", RegexOptions.IgnoreCase))
            {
                continue; // "In the contact form, choose …": where the next clause acts, which finds its field by name
            }
            // "… but keep the order", "… but cancel when asked to confirm": the confirmation is to be answered No.
            var keep = KeepGuardRe().Match(clause);
            if (keep.Success && keep.Index > 0)
            {
                forbidden.Add("confirm when asked");
                clause = clause[..keep.Index].Trim().TrimEnd(',');
            }
            // Trailing guards inside a clause: "draft 'x' without publishing", "… but do not submit".
            var inner = InnerGuard().Match(clause);
            if (inner.Success && inner.Index > 0)
            {
                forbidden.Add(GuardPhrase(inner.Groups["what"].Value));
                clause = clause[..inner.Index].Trim().TrimEnd(',');
            }
            var optional = false;
            var opt = OptionalTail().Match(clause);
            if (opt.Success)
            {
                optional = true;
                clause = clause[..opt.Index].Trim().TrimEnd(',');
            }
            var until = UntilTail().Match(clause);
            if (until.Success && until.Index > 0 && !GuardRe().IsMatch(clause) && !ScrollLoadRe().IsMatch(clause) && !WaitRe().IsMatch(clause))
            {
                // "proceed to checkout until the payment page": the clause, then a stop condition.
                stop = until.Groups["what"].Value.Trim().TrimEnd('.', '!');
                clause = clause[..until.Index].Trim().TrimEnd(',');
            }
            Match m;
            if ((m = GuardRe().Match(clause)).Success)
            {
                forbidden.Add(GuardPhrase(m.Groups["what"].Value));
                continue;
            }
            if ((m = StopBeforeRe().Match(clause)).Success)
            {
                forbidden.Add(GuardPhrase(m.Groups["what"].Value));
                continue;
            }
            if ((m = StopWhenRe().Match(clause)).Success)
            {
                stop = m.Groups["what"].Value.Trim();
                continue;
            }
            var category = ShowInCategoryRe().Match(clause.TrimEnd('.', '!'));
            if (category.Success)
            {
                // "show me products under $25 in the women's shoes category": the category, then the filter.
                intents.Add(new GoToIntent(clause, PlaceName(category.Groups["cat"].Value)) { Optional = optional });
                intents.Add(new FilterIntent(clause, category.Groups["filter"].Value.Trim()) { Optional = optional });
                continue;
            }
            var promo = PromoCodeRe().Match(clause.Trim().TrimEnd('.', '!'));
            if (promo.Success)
            {
                // "Apply the promo code SAVE10": the code into its field, then that field's Apply.
                intents.Add(new TypeIntent(clause, Unquote(promo.Groups["v"].Value), ClauseGrammar.CleanTarget(promo.Groups["field"].Value)) { Optional = optional });
                intents.Add(new ClickIntent(clause, "Apply", null, null, "promo code") { Optional = optional });
                continue;
            }
            if (NewsletterClause(clause) is { } newsletter)
            {
                intents.AddRange(newsletter.Select(i => i with { Optional = optional }));
                continue;
            }
            if (ContactClause(clause, out var send) is { } contact)
            {
                // The form is sent once every clause is read: "…, and sign me up for the newsletter" ticks its box first.
                intents.AddRange(contact);
                sendForm |= send;
                continue;
            }
            if (RangeClause(clause) is { Count: > 0 } ranged)
            {
                // "Show headphones from $25 to $50", "Search for wireless headphones under $100", "at least 4 stars and under $150".
                intents.AddRange(ranged.Select(i => i with { Optional = optional }));
                continue;
            }
            if (intents.Count > 0 && intents[^1] is SearchIntent && ItsPageRe().IsMatch(clause.Trim().TrimEnd('.', '!')))
            {
                // "Find the Orbit Smart Watch and open its product page", "… and show me the product details": the result just searched for.
                intents.Add(new OpenResultIntent(clause, 1) { Optional = optional });
                continue;
            }
            var intent = ParseClause(clause) ?? GenericAction.Parse(clause);
            if (intent is null)
            {
                unrecognized.Add(raw.Trim());
                continue;
            }
            if (rowScope is not null)
            {
                intent = intent switch
                {
                    SelectIntent sel when sel.Scope is null => sel with { Scope = rowScope },
                    ClickIntent click when click.Scope is null => click with { Scope = rowScope },
                    _ => intent,
                };
                rowScope = null;
            }
            if (intents.Count > 0 && SameAgain(intents[^1], clause))
            {
                continue; // "Create a post … and post it", "Compose … and save it as a draft": the same action, said again
            }
            if (intent is ConfirmDialogIntent && intents.Count > 0 && intents[^1] is ConfirmDialogIntent)
            {
                continue; // "Yes, confirm the deletion": one confirmation, said twice
            }
            intents.Add(intent with { Optional = optional || intent.Optional });
        }
        if (rowScope is not null)
        {
            unrecognized.Add(rowScope);
        }
        if (sendForm && !intents.Any(i => i is SubmitIntent))
        {
            intents.Add(new SubmitIntent(cmd));
        }
        return new AgentPlan([.. intents.Select(i => spokenAs.TryGetValue(i.Clause, out var said) ? i with { Clause = said } : i)], forbidden, stop, unrecognized);
    }

    /// <summary>A clause that only names again what the previous intent does ("post it" after a post, "save it as a draft" after a draft).</summary>
    private static bool SameAgain(Intent previous, string clause)
    {
        var c = clause.Trim().TrimEnd('.', '!');
        return previous switch
        {
            PostIntent => Regex.IsMatch(c, @"^(?:and\s+)?(?:post|publish|share|send|tweet|submit)\s+(?:it|that|this|the\s+post)(?:\s+now)?$", RegexOptions.IgnoreCase),
            // "… in the footer newsletter form and click Subscribe": the sign-up already planned, named again.
            ClickIntent pc => !Regex.IsMatch(pc.Clause, @"^\s*(?:click|tap|press|hit|push)\b", RegexOptions.IgnoreCase)
                              && ClauseGrammar.ParseBasic(c) is ClickIntent nc && Lexicon.Synonyms(nc.Target, pc.Target),
            DraftPostIntent => Regex.IsMatch(c, @"^(?:and\s+)?(?:save|keep|store)\s+(?:it|that|this)(?:\s+as\s+(?:a\s+)?draft)?$", RegexOptions.IgnoreCase),
            _ => false,
        };
    }

    /// <summary>"two of these" → 2, "3 pairs" → 3; null for one or none said.</summary>
    private static int? QuantityOf(string what)
    {
        var m = Regex.Match(what, @"^(?<n>one|two|three|four|five|six|\d+)\b", RegexOptions.IgnoreCase);
        if (!m.Success)
        {
            return null;
        }
        var n = m.Groups["n"].Value.ToLowerInvariant() switch { "one" => 1, "two" => 2, "three" => 3, "four" => 4, "five" => 5, "six" => 6, var d => int.Parse(d, System.Globalization.CultureInfo.InvariantCulture) };
        return n > 1 ? n : null;
    }

    private static string GuardPhrase(string what)
    {
        var w = what.Trim().TrimEnd('.', '!');
        w = Regex.Replace(w, @"^(?:to\s+|ever\s+|actually\s+)", "", RegexOptions.IgnoreCase);
        // "leave it unsent", "hold off on sending": the action is what is forbidden.
        w = Regex.Replace(w, @"^un(?<v>sent|submitted|published|posted|saved|confirmed|paid)$", m => m.Groups["v"].Value.ToLowerInvariant() switch
        {
            "sent" => "send", "submitted" => "submit", "published" => "publish", "posted" => "post", "saved" => "save", "confirmed" => "confirm", _ => "pay",
        }, RegexOptions.IgnoreCase);
        // "publish yet", "send anything yet", "submit it for now": the action is what is forbidden.
        w = Regex.Replace(w, @"(?:\s+(?:just\s+)?(?:yet|for\s+now|now|at\s+all|anything|anything\s+else))+$", "", RegexOptions.IgnoreCase);
        return w.Trim();
    }

    internal static Intent? ParseClause(string clause)
    {
        var c = clause.Trim().TrimEnd('.', '!');
        if (c.Length == 0)
        {
            return null;
        }
        if (ClauseGrammar.ParseBasic(c) is PressIntent key)
        {
            return key with { Clause = clause };
        }
        Match m;
        if ((m = LoginRe().Match(c)).Success)
        {
            return new LoginIntent(clause) { Optional = m.Groups["saved"].Success };
        }
        if ((m = ScrollLoadRe().Match(c)).Success)
        {
            return new ScrollUntilLoadedIntent(clause);
        }
        if ((m = SearchRe().Match(c)).Success)
        {
            var q = m.Groups["q"].Value;
            var boxFirst = BoxForRe().Match(q);
            if (boxFirst.Success && !HasQuote(boxFirst.Groups["box"].Value))
            {
                // "Search people for Ines", "Search the help articles for refund": which box, then the words.
                return new SearchIntent(clause, SearchValue(boxFirst.Groups["q"].Value)) { Box = boxFirst.Groups["box"].Value.Trim() };
            }
            var box = SearchBoxRe().Match(q);
            if (box.Success && !HasQuote(box.Groups["box"].Value))
            {
                // "Find Victor in people search": the words, and which search box.
                return new SearchIntent(clause, SearchValue(box.Groups["q"].Value)) { Box = box.Groups["box"].Value.Trim() };
            }
            return new SearchIntent(clause, SearchValue(q));
        }
        if ((m = AddToRe().Match(c)).Success)
        {
            var what = m.Groups["what"].Value.Trim();
            var dest = m.Groups["dest"].Value.Contains("wish", StringComparison.OrdinalIgnoreCase) || m.Groups["dest"].Value.Contains("favo", StringComparison.OrdinalIgnoreCase)
                ? "wish list" : "cart";
            var ordinal = Ordinal(what);
            var isThis = what.Length == 0 || ThisItemRe().IsMatch(what); // "… and add to bag": the item on this page
            return new AddToIntent(clause, dest, isThis || ordinal is not null ? null : Unquote(what), isThis ? null : ordinal) { Quantity = isThis ? QuantityOf(what) : null };
        }
        if ((m = OpenBestRe().Match(c)).Success)
        {
            var best = m.Groups["s"].Value.ToLowerInvariant();
            return new OpenResultIntent(clause, 1) { Best = Regex.IsMatch(best, "cheap|least|lowest") ? "cheapest" : Regex.IsMatch(best, "rated") ? "best rated" : "most expensive" };
        }
        if ((m = OpenResultRe().Match(c)).Success && Ordinal(m.Value) is { } nth && !HasQuote(c))
        {
            return new OpenResultIntent(clause, nth);
        }
        if ((m = MessageRe().Match(c)).Success)
        {
            var who = m.Groups["who"].Value.Trim();
            return new MessageIntent(clause, Regex.IsMatch(who, @"^(?:him|her|them|this\s+person|that\s+person)$", RegexOptions.IgnoreCase) ? null : who.TrimStart('@'),
                Unquote(m.Groups["text"].Value));
        }
        if ((m = ConfirmDialogRe().Match(c)).Success)
        {
            return new ConfirmDialogIntent(clause);
        }
        if ((m = SaveDraftRe().Match(c)).Success)
        {
            return new DraftPostIntent(clause, Unquote(m.Groups["text"].Value));
        }
        if ((m = CreatePostRe().Match(c)).Success)
        {
            return new PostIntent(clause, Unquote(m.Groups["text"].Value));
        }
        if (NothingToPostRe().IsMatch(c))
        {
            return new PostIntent(clause, "");
        }
        if ((m = MessageNoTextRe().Match(c)).Success)
        {
            var who = m.Groups["who"].Value.Trim();
            return new MessageIntent(clause, Regex.IsMatch(who, @"^(?:him|her|them)$", RegexOptions.IgnoreCase) ? null : who.TrimStart('@'), "");
        }
        if ((m = OpenForRe().Match(c)).Success)
        {
            // "Open the actions menu for Emma Johansson", "Open the delete dialog for Aiko Tanaka": that record's control.
            var what = m.Groups["what"].Value.Trim();
            return new ClickIntent(clause, Regex.IsMatch(what, @"^(?:actions?|options|more)$", RegexOptions.IgnoreCase) ? "More actions" : Capitalize(what), null, ScopeWords(m.Groups["who"].Value));
        }
        if ((m = DraftRe().Match(c)).Success)
        {
            return new DraftPostIntent(clause, Unquote(m.Groups["text"].Value));
        }
        if ((m = PostRe().Match(c)).Success)
        {
            return new PostIntent(clause, Unquote(m.Groups["text"].Value));
        }
        if ((m = SortRe().Match(c)).Success)
        {
            return new SortIntent(clause, m.Groups["by"].Value.Trim());
        }
        if ((m = ShowUnderRe().Match(c)).Success)
        {
            return new FilterIntent(clause, m.Groups["filter"].Value.Trim()) { };
        }
        if ((m = FilterRe().Match(c)).Success)
        {
            return new FilterIntent(clause, ClauseGrammar.CleanTarget(m.Groups["what"].Value));
        }
        if ((m = ConfirmRe().Match(c)).Success)
        {
            return new ConfirmIntent(clause, m.Groups["thing"].Value.Trim());
        }
        if ((m = SignMeUpRe().Match(c)).Success)
        {
            // "sign me up for the newsletter": its box (or the newsletter form's sign-up) — the interpreter decides.
            return new CheckIntent(clause, m.Groups["what"].Value.Trim(), true);
        }
        if (SentencePairs(c) is { Count: > 0 } sentencePairs)
        {
            return new FillFormIntent(clause, sentencePairs);
        }
        if ((m = FillFormRe().Match(c)).Success)
        {
            var pairs = ParsePairs(m.Groups["pairs"].Value);
            if (pairs.Count > 0)
            {
                return new FillFormIntent(clause, pairs);
            }
        }
        if ((m = TypeUnquotedRe().Match(c)).Success && !HasQuote(m.Groups["text"].Value))
        {
            // "Type jane@example.com into the email field of the contact form".
            var (field, scope) = FieldAndForm(m.Groups["field"].Value);
            return new TypeIntent(clause, m.Groups["text"].Value.Trim(), field) { Scope = scope };
        }
        if ((m = TypeIntoQuotedRe().Match(c)).Success)
        {
            var (field, scope) = FieldAndForm(m.Groups["field"].Value);
            return new TypeIntent(clause, Unquote(m.Groups["text"].Value), field) { Scope = scope };
        }
        if ((m = TypeAsRe().Match(c)).Success)
        {
            // "Enter 'Max Mustermann' as the name in the contact form".
            var (field, scope) = FieldAndForm(m.Groups["field"].Value);
            return new TypeIntent(clause, Unquote(m.Groups["text"].Value), field) { Scope = scope };
        }
        if ((m = SelectAsRe().Match(c)).Success)
        {
            // "Select Billing as the topic": the option, the control named by the field.
            var (field, _) = FieldAndForm(m.Groups["field"].Value);
            return new SelectIntent(clause, Unquote(m.Groups["option"].Value.Trim()), field);
        }
        if ((m = SetInFormRe().Match(c)).Success)
        {
            // "Set the topic to Partnership in the contact form": the form names where, not the value.
            return new SelectIntent(clause, Unquote(m.Groups["value"].Value.Trim()), ClauseGrammar.CleanTarget(m.Groups["field"].Value));
        }
        if ((m = PossessiveEditRe().Match(c)).Success || (m = EditOfRe().Match(c)).Success)
        {
            // "Change Priya Natarajan's role to Admin", "Set the role of Marcus Chen to Viewer": that row's control.
            var who = ScopeWords(m.Groups["who"].Value);
            return new SelectIntent(clause, Unquote(m.Groups["value"].Value.Trim()), ClauseGrammar.CleanTarget(m.Groups["field"].Value))
            {
                Scope = who.Length == 0 ? null : who,
            };
        }
        if ((m = SetFieldRe().Match(c)).Success)
        {
            var field = m.Groups["field"].Value.Trim();
            return new SetFieldIntent(clause, Capitalize(field), Unquote(m.Groups["value"].Value.Trim()), "Edit profile");
        }
        if ((m = FollowRe().Match(c)).Success)
        {
            return new ClickIntent(clause, "Follow @" + m.Groups["user"].Value.TrimStart('@'));
        }
        if ((m = LikeRe().Match(c)).Success)
        {
            var scope = m.Groups["what"].Value.Trim();
            // "the top post", "the first one": an ordinal of the list, not a scope to look for.
            // "the latest post by Lena Vogel", "Raj's post about the conference": the newest first (a feed's order), and the
            // words that pick the post out (its author, its subject) — not the words that say it is a post.
            var ordinal = Ordinal(scope) ?? (Regex.IsMatch(scope, @"\b(?:latest|newest|most\s+recent|last\s+posted)\b", RegexOptions.IgnoreCase) ? 1 : null);
            var bare = Regex.Replace(OrdinalWords().Replace(scope, " "), @"(?:['’]s\b)|\b(?:the|a|an|one|post|posts|item|comment|entry|result|story|article|latest|newest|most\s+recent|by|from|about|on|regarding|titled|of)\b", " ", RegexOptions.IgnoreCase);
            bare = Regex.Replace(bare, @"\s+", " ").Trim();
            return new ClickIntent(clause, Capitalize(m.Groups["verb"].Value.ToLowerInvariant()), ordinal,
                bare.Length == 0 ? null : bare, null);
        }
        if ((m = RecordActionRe().Match(c)).Success)
        {
            // "Cancel order 302", "Refund order #301": the row that shows that number, its control for the verb.
            var verb = Regex.IsMatch(m.Groups["verb"].Value, @"^(?:look|see|inspect|check)", RegexOptions.IgnoreCase) ? "view" : m.Groups["verb"].Value.ToLowerInvariant();
            return new ClickIntent(clause, Capitalize(verb) + " " + m.Groups["noun"].Value.ToLowerInvariant(), null, m.Groups["n"].Value);
        }
        if ((m = MarkAsRe().Match(c)).Success)
        {
            // "Mark order 304 as shipped": that row's "Mark shipped" control.
            return new ClickIntent(clause, "Mark " + m.Groups["state"].Value.ToLowerInvariant(), null, m.Groups["n"].Value);
        }
        if ((m = NthRecordRe().Match(c)).Success)
        {
            // "View the last order", "Cancel the first order": the verb's control in that row of the list.
            return new ClickIntent(clause, Capitalize(Regex.IsMatch(m.Groups["verb"].Value, @"^(?:look|see|inspect|check)", RegexOptions.IgnoreCase) ? "view" : m.Groups["verb"].Value.ToLowerInvariant()), Ordinal(m.Groups["ord"].Value));
        }
        if ((m = RemoveFromRe().Match(c)).Success)
        {
            // "Remove the power bank from my bag": the Remove control in that line.
            return new ClickIntent(clause, Capitalize(m.Groups["verb"].Value.ToLowerInvariant()), null, ScopeWords(m.Groups["what"].Value));
        }
        if ((m = PersonActionRe().Match(c)).Success && !HasQuote(c))
        {
            // "Delete Marcus Chen", "Suspend the user Aiko Tanaka": the row of that person, its control (or its menu's item) for the verb.
            return new ClickIntent(clause, Capitalize(m.Groups["verb"].Value.ToLowerInvariant()), null, ScopeWords(m.Groups["who"].Value));
        }
        if ((m = WaitRe().Match(c)).Success)
        {
            return new WaitIntent(clause, Unquote(m.Groups["what"].Value.Trim()));
        }
        if ((m = CheckRe().Match(c)).Success)
        {
            var on = !m.Groups["verb"].Value.StartsWith("un", StringComparison.OrdinalIgnoreCase) && !m.Groups["verb"].Value.Equals("disable", StringComparison.OrdinalIgnoreCase);
            return new CheckIntent(clause, ClauseGrammar.CleanTarget(m.Groups["what"].Value), on);
        }
        if ((m = SelectFromRe().Match(c)).Success)
        {
            return new SelectIntent(clause, Unquote(m.Groups["option"].Value.Trim()), ClauseGrammar.CleanTarget(m.Groups["field"].Value));
        }
        if ((m = SetToRe().Match(c)).Success && !Regex.IsMatch(m.Groups["field"].Value, @"\b(?:price|cart|bag|page)\b", RegexOptions.IgnoreCase))
        {
            // "Set the time zone to Asia/Tokyo": the control named by the field, its option meaning the value.
            return new SelectIntent(clause, Unquote(m.Groups["value"].Value.Trim()), ClauseGrammar.CleanTarget(m.Groups["field"].Value));
        }
        if ((m = SubmitRe().Match(c)).Success)
        {
            return new SubmitIntent(clause);
        }
        if ((m = ClickRe().Match(c)).Success)
        {
            return ParseClick(clause, m.Groups["rest"].Value);
        }
        if ((m = GoToRe().Match(c)).Success)
        {
            var target = m.Groups["target"].Value.Trim();
            var url = ClauseGrammar.AsUrl(Unquote(target));
            if (url is not null)
            {
                return new NavigateIntent(clause, url);
            }
            return new GoToIntent(clause, PlaceName(target));
        }
        if ((m = OrderActionRe().Match(c)).Success)
        {
            var verb = m.Groups["verb"].Value.ToLowerInvariant();
            return new ClickIntent(clause, char.ToUpperInvariant(verb[0]) + verb[1..] + " " + m.Groups["noun"].Value.ToLowerInvariant());
        }
        if ((m = ProceedRe().Match(c)).Success)
        {
            return new ClickIntent(clause, ClauseGrammar.CleanTarget(c));
        }
        if (ClauseGrammar.ParseBasic(clause) is { } basic)
        {
            return basic;
        }
        if ((m = ShowPlaceRe().Match(c)).Success)
        {
            // "Show me the orders": the tab or link of that name.
            return new GoToIntent(clause, PlaceName(m.Groups["place"].Value));
        }
        return null;
    }

    private static ClickIntent ParseClick(string clause, string rest)
    {
        var r = rest.Trim();
        string? scope = null;
        string? context = null;
        var scoped = ScopeRe().Match(r);
        if (scoped.Success)
        {
            scope = ScopeWords(scoped.Groups["scope"].Value);
            r = r[..scoped.Index].Trim();
        }
        var quoted = QuotedRe().Match(r);
        var ordinal = Ordinal(r[..(quoted.Success ? quoted.Index : r.Length)]);
        if (quoted.Success)
        {
            return new ClickIntent(clause, quoted.Groups["q"].Value.Trim(), ordinal, scope, null);
        }
        var purpose = PurposeRe().Match(r);
        if (purpose.Success)
        {
            // "the button to publish the drafted post": the control is named by the verb, the rest is context.
            context = purpose.Groups["object"].Value.Trim();
            return new ClickIntent(clause, Capitalize(purpose.Groups["verb"].Value), ordinal, scope, context.Length > 0 ? context : null);
        }
        var target = OrdinalWords().Replace(r, " ");
        target = Regex.Replace(target, @"\b(?:red|green|blue|big|small|primary|secondary|grey|gray)\b", " ", RegexOptions.IgnoreCase);
        target = Regex.Replace(target, @"\s+(?:filter|option|checkbox|dropdown|entry)$", "", RegexOptions.IgnoreCase);
        return new ClickIntent(clause, ClauseGrammar.CleanTarget(Regex.Replace(target, @"\s+", " ")), ordinal, scope, null);
    }

    /// <summary>
    /// A clause that filters by numbers: a price range and/or a minimum rating, after a show/filter/set verb
    /// (or a search, whose words come first). The words left over name what is shown ("headphones"), which
    /// is the list already on the page. Null when the clause states no range, or is about something else.
    /// </summary>
    internal static List<Intent>? RangeClause(string clause)
    {
        var c = clause.Trim().TrimEnd('.', '!', '?');
        if (HasQuote(c))
        {
            return null;
        }
        var range = Ranges.Find(c);
        var rating = Ranges.FindMinRating(c);
        if (range is null && rating is null)
        {
            return null;
        }
        var spans = new List<(int Index, int Length, Intent Intent)>();
        if (rating is { } r)
        {
            spans.Add((r.Index, r.Length, new MinRatingIntent(clause, r.Stars)));
        }
        if (range is { } p && (rating is null || p.Index + p.Length <= rating.Value.Index || p.Index >= rating.Value.Index + rating.Value.Length))
        {
            spans.Add((p.Index, p.Length, new PriceRangeIntent(clause, p.Range)));
        }
        spans.Sort((a, b) => a.Index.CompareTo(b.Index));
        var rest = c;
        foreach (var s in spans.OrderByDescending(s => s.Index))
        {
            rest = rest.Remove(s.Index, s.Length).Insert(s.Index, " ");
        }
        rest = Regex.Replace(rest, @"\s+", " ").Trim();
        var result = new List<Intent>();
        var search = SearchRe().Match(rest);
        if (search.Success && Regex.IsMatch(rest, @"^(?:search|look|find)\b", RegexOptions.IgnoreCase))
        {
            var q = Regex.Replace(search.Groups["q"].Value, @"(?:\s+(?:with|and|that\s+(?:are|is|cost)|costing|priced|for))+\s*$", "", RegexOptions.IgnoreCase).Trim();
            q = Regex.Replace(q, @"\s+(?:with|and)\s*$", "", RegexOptions.IgnoreCase).Trim();
            if (SearchValue(q) is { Length: > 0 } words)
            {
                result.Add(new SearchIntent(clause, words));
            }
        }
        else if (!RangeVerbRe().IsMatch(rest))
        {
            return null;
        }
        result.AddRange(spans.Select(s => s.Intent));
        return result;
    }

    [GeneratedRegex(@"^(?:(?:only|just)\s+)?(?:show|only|filter|narrow|refine|limit|set|keep|display|list|restrict|give|change|adjust|apply|price|i\s+(?:only\s+)?want|browse)\b|^$|^(?:only|just)\b", RegexOptions.IgnoreCase)]
    private static partial Regex RangeVerbRe();

    /// <summary>The words to search for: a quoted value as is; otherwise determiners and filler dropped ("a Nintendo Switch OLED").</summary>
    internal static string SearchValue(string raw)
    {
        if (HasQuote(raw))
        {
            return Unquote(raw);
        }
        var q = raw.Trim().TrimEnd('.', '!', '?');
        q = Regex.Replace(q, @"^(?:(?:for|up|me)\s+)*(?:(?:a|an|the|some|any|one|a\s+pair\s+of|a\s+few|cheap|good)\s+)+", "", RegexOptions.IgnoreCase);
        return q.Trim();
    }

    /// <summary>Words people use for form fields: a pair is read as a field only when its key is one of them.</summary>
    private static readonly HashSet<string> FieldWords =
    [
        "name", "full name", "first name", "last name", "surname", "email", "e-mail", "email address", "phone", "phone number", "telephone",
        "mobile", "subject", "topic", "message", "comment", "comments", "question", "company", "organisation", "organization", "address",
        "street", "city", "zip", "zip code", "postcode", "postal code", "country", "order number", "order", "reason", "title", "body",
        "description", "username", "user name", "website", "job title", "role", "department", "date", "quantity", "size", "colour", "color",
    ];

    /// <summary>
    /// "my name is Jane Doe, my email is jane@example.com, topic Returns, message 'Where is my order?'":
    /// at least two comma-separated parts that each name a field and give its value (an optional
    /// lead such as "fill in the contact form:" is dropped). Null when the clause is not such a list.
    /// </summary>
    internal static List<(string Field, string Value)>? SentencePairs(string clause)
    {
        var body = Regex.Replace(clause, @"^.{0,60}?(?:form|us|support|details)\s*(?:with|using)?\s*:\s*", "", RegexOptions.IgnoreCase);
        var parts = Regex.Split(MaskedSplit(body), @"\u0001").Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
        if (parts.Count < 2)
        {
            return null;
        }
        var pairs = new List<(string, string)>();
        foreach (var part in parts)
        {
            var m = SentencePairRe().Match(part);
            if (!m.Success || !FieldWords.Contains(m.Groups["k"].Value.Trim().ToLowerInvariant()))
            {
                // Not a plain list: read it as a message to the site's people ("…, it's about Billing: '…'") when it gives who is writing.
                var read = ContactPairs(body);
                return read.Count >= 2 && read.Any(x => x.Field is "Name" or "Email") && read.Count(x => x.Field == "Message") <= 1 ? read : null;
            }
            pairs.Add((Capitalize(m.Groups["k"].Value.Trim()), Unquote(m.Groups["v"].Value.Trim().TrimEnd('.'))));
        }
        return pairs;
    }

    /// <summary>Splits on commas and "and" outside quotes, marking the cuts with \u0001.</summary>
    private static string MaskedSplit(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        char? open = null;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (open is null && (ch is '"' or '“' or '‘' || (ch == '\'' && (i == 0 || !char.IsLetterOrDigit(text[i - 1])))))
            {
                open = ch switch { '“' => '”', '‘' => '’', _ => ch };
            }
            else if (open is not null && (ch == open || (open == '\'' && ch == '’')))
            {
                open = null;
            }
            else if (open is null && ch == ',')
            {
                sb.Append('\u0001');
                var rest = text[(i + 1)..];
                var and = Regex.Match(rest, @"^\s*and\s+");
                if (and.Success)
                {
                    i += and.Length;
                }
                continue;
            }
            else if (open is null && ch == ' ' && Regex.IsMatch(text[i..], @"^\s+and\s+(?:my|our|the)\s"))
            {
                sb.Append('\u0001');
                i += Regex.Match(text[i..], @"^\s+and\s+").Length - 1;
                continue;
            }
            sb.Append(ch);
        }
        return sb.ToString();
    }

    /// <summary>"the email field of the contact form" → ("email", "contact form").</summary>
    private static (string Field, string? Scope) FieldAndForm(string raw)
    {
        var t = raw.Trim();
        var m = FieldOfFormRe().Match(t);
        if (m.Success)
        {
            return (ClauseGrammar.CleanTarget(m.Groups["f"].Value), m.Groups["form"].Value.Trim());
        }
        return (ClauseGrammar.CleanTarget(t), null);
    }

    private static string PlaceName(string target)
    {
        if (HasQuote(target))
        {
            return Unquote(target.Trim()).Trim(); // a quoted name is the name, "page" and all
        }
        var t = target.Trim();
        t = Regex.Replace(t, @"^(?:the|my|our)\s+", "", RegexOptions.IgnoreCase);
        t = Regex.Replace(t, @"(?:\s+(?:page|category|section|tab|screen|area|link|listing|department|menu\s+item|menu|button))+$", "", RegexOptions.IgnoreCase);
        return t.Trim();
    }

    private static string ScopeWords(string scope)
    {
        var s = Unquote(scope.Trim());
        s = Regex.Replace(s, @"^(?:the\s+)?(?:user|row|item|product|post|order|entry|card|person|account)\s+(?:of\s+|for\s+|by\s+)?", "", RegexOptions.IgnoreCase);
        s = Regex.Replace(s, @"^(?:the|a|an)\s+", "", RegexOptions.IgnoreCase);
        // "the user with email aiko@…", "the user whose email is liam@…": the identifying value is the scope.
        s = Regex.Replace(s, @"^(?:(?:user|person|member|account|customer)\s+)?(?:with|whose|having)\s+(?:the\s+)?(?:e-?mail|name|id|username|handle)(?:\s+address)?\s+(?:is\s+|of\s+)?", "", RegexOptions.IgnoreCase);
        // "his email", "her role": the record already open (an edit dialog), no row to look for.
        return Regex.IsMatch(s.Trim(), @"^(?:his|her|their|its|my)$", RegexOptions.IgnoreCase) ? "" : s.Trim();
    }

    private static List<(string, string)> ParsePairs(string text)
    {
        var pairs = new List<(string, string)>();
        foreach (var part in Regex.Split(text, @",\s*(?:and\s+)?|\s+and\s+(?=[a-z]+\s)"))
        {
            var p = part.Trim();
            if (p.Length == 0)
            {
                continue;
            }
            var kv = PairRe().Match(p);
            if (kv.Success)
            {
                pairs.Add((Capitalize(kv.Groups["k"].Value.Trim()), Unquote(kv.Groups["v"].Value.Trim())));
            }
        }
        return pairs;
    }

    /// <summary>1-based ordinal named in the text ("first", "2nd", "third", "last" = -1, "top" = 1), or null.</summary>
    public static int? Ordinal(string text)
    {
        var m = OrdinalWords().Match(text);
        if (!m.Success)
        {
            return null;
        }
        var w = m.Value.Trim().ToLowerInvariant();
        return w switch
        {
            "first" or "top" or "1st" => 1,
            "second" or "2nd" => 2,
            "third" or "3rd" => 3,
            "fourth" or "4th" => 4,
            "fifth" or "5th" => 5,
            "sixth" or "6th" => 6,
            "seventh" or "7th" => 7,
            "eighth" or "8th" => 8,
            "ninth" or "9th" => 9,
            "tenth" or "10th" => 10,
            "last" or "bottom" => -1,
            _ when w.Length > 2 && int.TryParse(w[..^2], NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
            _ => null,
        };
    }

    private static bool HasQuote(string s) => QuotedRe().IsMatch(s);

    internal static string Unquote(string s)
    {
        var m = QuotedRe().Match(s);
        return m.Success ? m.Groups["q"].Value : s.Trim();
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    [GeneratedRegex(@"""(?<q>[^""]+)""|“(?<q>[^”]+)”|(?<![a-z])'(?<q>.+?)'(?![a-z])|‘(?<q>[^’]+)’", RegexOptions.IgnoreCase)]
    private static partial Regex QuotedRe();

    [GeneratedRegex(@"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|top|bottom|\d+(?:st|nd|rd|th))\b", RegexOptions.IgnoreCase)]
    private static partial Regex OrdinalWords();

    [GeneratedRegex(@"^(?:do\s+not|don'?t|do\s+n't|never|avoid|please\s+don'?t|make\s+sure\s+(?:not\s+to|you\s+don'?t)|but\s+(?:do\s+)?not|but\s+don'?t)\s+(?<what>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex GuardRe();

    [GeneratedRegex(@"\s+(?:without|but\s+(?:do\s+)?not|but\s+don'?t|and\s+(?:do\s+)?not|and\s+don'?t)\s+(?<what>\w.+)$|\s*(?:[,;—–]|\s-)\s*(?:but\s+)?(?:do\s+not|don'?t|never)\s+(?<what>\w.+)$|[,\s]+(?:but\s+|and\s+)?hold\s+off\s+(?:on\s+)?(?<what>\w.+)$|[,\s]+(?:but\s+|and\s+)stop\s+(?:right\s+|just\s+)?before\s+(?<what>\w.+)$|[,\s]+(?:but\s+|and\s+)?leave\s+(?:it|them|the\s+\w+)\s+(?<what>un(?:sent|submitted|published|posted|saved|confirmed|paid))$", RegexOptions.IgnoreCase)]
    private static partial Regex InnerGuard();

    [GeneratedRegex(@"[,\s]+(?:if\s+(?:it\s+is\s+|it's\s+)?(?:available|necessary|needed|possible|present|required|shown|any))$", RegexOptions.IgnoreCase)]
    private static partial Regex OptionalTail();

    [GeneratedRegex(@"\s+(?:and\s+)?(?:continue\s+|go\s+on\s+|keep\s+going\s+)?until\s+(?:you\s+)?(?:reach|get\s+to|arrive\s+at|see|are\s+on|land\s+on)?\s*(?<what>(?:the\s+)?\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex UntilTail();

    [GeneratedRegex(@"^(?:type|enter|write|input|put)\s+(?<text>[^\s""“'‘].*?)\s+(?:into|in|in\s+to)\s+(?<field>(?:the|a|an|my)\s+.+|[""“'‘].+)$", RegexOptions.IgnoreCase)]
    private static partial Regex TypeUnquotedRe();

    [GeneratedRegex(@"^(?:type|enter|write|input|put)\s+(?<text>[""“'‘].+?[""”'’])\s+(?:into|in|in\s+to|on)\s+(?<field>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex TypeIntoQuotedRe();

    [GeneratedRegex(@"^(?:the\s+)?(?<f>.+?)(?:\s+(?:field|box|input|text\s*box))?\s+(?:of|in|on|from)\s+(?:the\s+)?(?<form>.+?\s+form)$", RegexOptions.IgnoreCase)]
    private static partial Regex FieldOfFormRe();

    [GeneratedRegex(@"^(?:(?:my|our|the|your)\s+)?(?<k>[a-z][a-z -]{0,25}?)\s*(?:\bis\b|\bare\b|:|=|\s-\s|\bshould\s+be\b|\bof\b)?\s+(?<v>[""“'‘].+[""”'’]|\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex SentencePairRe();

    [GeneratedRegex(@"^(?:also\s+)?(?:sign|signup|sign-up|subscribe|opt|register|enrol+|add)\s+(?:me\s+|us\s+)?(?:up\s+|in\s+)?(?:to|for|in)\s+(?:the\s+|your\s+|a\s+)?(?<what>[\w -]*?newsletter[\w -]*|mailing\s+list|emails?|updates)$", RegexOptions.IgnoreCase)]
    private static partial Regex SignMeUpRe();

    [GeneratedRegex(@"^stop\s+(?:right\s+)?before\s+(?<what>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex StopBeforeRe();

    [GeneratedRegex(@"^(?:and\s+)?(?:stop|pause|wait)\s+(?:when|once|as\s+soon\s+as|after|at|on)\s+(?:you\s+)?(?:reach|get\s+to|arrive\s+at|land\s+on|are\s+on|see|hit|come\s+to)?\s*(?<what>.+)$|^(?:go\s+on\s+|continue\s+)?until\s+(?:you\s+)?(?:reach|get\s+to|arrive\s+at|see|are\s+on)\s+(?<what>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex StopWhenRe();

    [GeneratedRegex(@"^(?:log\s*in|sign\s*in|login|signin)\b(?<saved>.*\b(?:saved|existing|stored)\b.*)?", RegexOptions.IgnoreCase)]
    private static partial Regex LoginRe();

    [GeneratedRegex(@"^(?:keep\s+)?scroll(?:ing)?\b.*\b(?:load|loads|loaded|loading|until|more|all|every|infinite)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ScrollLoadRe();

    [GeneratedRegex(@"^(?:search|look(?!\s+at\b)|find|query)(?:\s+(?:the\s+)?(?:store|site|shop|website|catalog(?:ue)?|marketplace|help\s+cent(?:er|re)|knowledge\s+base))?(?:\s+(?:for|up))?(?:\s*:)?\s+(?<q>.+?)(?:\s+(?:on|in|using)\s+(?:the\s+)?(?:site|store|shop|search\s+box|search\s+bar|website))?$", RegexOptions.IgnoreCase)]
    private static partial Regex SearchRe();

    [GeneratedRegex(@"^(?:add|put|move|save)(?:\s+(?<what>.+?))?\s+(?:to|in|into|on)\s+(?:the\s+|my\s+|your\s+)?(?:shopping\s+)?(?<dest>cart|basket|bag|wish\s*list|wishlist|favou?rites)$", RegexOptions.IgnoreCase)]
    private static partial Regex AddToRe();

    [GeneratedRegex(@"^(?:this|the|that|current)?\s*(?:item|product|one|it|this|listing)$|^it$|^this$|^(?:(?:one|two|three|four|five|six|\d+)\s+of\s+)?(?:this|these|that|those|them|it)(?:\s+[\w-]+){0,2}$|^(?:an?|one|two|three|\d+)\s+(?:pairs?|units?|pieces?|more)$", RegexOptions.IgnoreCase)]
    private static partial Regex ThisItemRe();

    [GeneratedRegex(@"^(?:open|click(?:\s+on)?|view|select|choose|show(?:\s+me)?|go\s+to|pick)\s+the\s+(?<s>cheapest|least\s+expensive|lowest[\s-]priced|most\s+expensive|priciest|highest[\s-]priced|highest[\s-]rated|best[\s-]rated|top[\s-]rated)(?:\s+(?:one|item|product|result|option|listing|of\s+them))?$", RegexOptions.IgnoreCase)]
    private static partial Regex OpenBestRe();

    [GeneratedRegex(@"^(?:open|click|select|choose|view|visit|go\s+to|tap|show)(?:\s+on)?\s+(?:up\s+)?(?:the\s+)?(?:(?:product|details?|item)\s+page\s+(?:of|for)\s+)?(?:the\s+)?\w+\s+(?:search\s+)?(?:result|product|item|listing|entry|article|card|row|link|one|hit|option)s?(?:\s+(?:page|link|details?|in\s+the\s+list|on\s+the\s+page|from\s+the\s+results|listed))?$", RegexOptions.IgnoreCase)]
    private static partial Regex OpenResultRe();

    [GeneratedRegex(@"^(?:draft|compose|prepare|write)\s+(?:a\s+|the\s+)?(?:new\s+)?(?:post|tweet|status|update|message)?\s*(?:saying|that\s+says|with\s+the\s+text|with|reading)?\s*:?\s*(?<text>[""“'‘].+[""”'’])$", RegexOptions.IgnoreCase)]
    private static partial Regex DraftRe();

    [GeneratedRegex(@"^(?:post|publish|tweet|share)\s+(?:a\s+(?:new\s+)?(?:post|tweet|status)\s+)?(?:saying|that\s+says)?\s*:?\s*(?<text>[""“'‘].+[""”'’])$", RegexOptions.IgnoreCase)]
    private static partial Regex PostRe();

    [GeneratedRegex(@"^(?:open|view|show(?:\s+me)?|see|visit|go\s+to|click(?:\s+on)?|take\s+me\s+to|bring\s+up)\s+(?:its|it'?s|the|that|this|their|his|her)\s+(?:product\s+|item\s+)?(?:page|details?|detail\s+page|product|listing|info(?:rmation)?)(?:\s+page)?$|^(?:open|view)\s+(?:it|that|that\s+one|the\s+result)$", RegexOptions.IgnoreCase)]
    private static partial Regex ItsPageRe();

    [GeneratedRegex(@"^(?:sort|order|arrange|rank|re-?sort)\s+(?:the\s+|these\s+|those\s+|my\s+|this\s+)?(?:results|products|items|list|them|listings|feed|posts|entries|orders|users|rows|table|page|ones)?\s*(?:by|from)\s+(?<by>.+)$|^(?:show|list|display|put|see|give\s+me|i\s+want)\s+(?:me\s+)?(?:the\s+)?(?<by>.+?)\s+(?:first|on\s+top|at\s+the\s+top)$|^(?:show|see|view|display)\s+(?:me\s+)?the\s+(?<by>(?:top|most\s+upvoted|most\s+liked|most\s+popular|newest|latest|most\s+recent|oldest|best[\s-]rated|top[\s-]rated|highest[\s-]rated)\s+(?:posts?|items?|products?|results?|ones?|stories|articles?))$", RegexOptions.IgnoreCase)]
    private static partial Regex SortRe();

    [GeneratedRegex(@"^(?:show|list|find|display|give)\s+(?:me\s+)?(?:all\s+)?(?:the\s+)?(?:products|items|results|things)\s+(?<filter>(?:under|below|over|above|less\s+than|more\s+than|cheaper\s+than)\s+\$?\d+(?:\.\d+)?)$", RegexOptions.IgnoreCase)]
    private static partial Regex ShowUnderRe();

    [GeneratedRegex(@"^(?:show|list|find|display|give)\s+(?:me\s+)?(?:all\s+)?(?:the\s+)?(?:products|items|results|things)\s+(?<filter>(?:under|below|over|above|less\s+than|more\s+than|cheaper\s+than)\s+\$?\d+(?:\.\d+)?)\s+in\s+(?:the\s+)?(?<cat>.+?)(?:\s+(?:category|section|department|aisle))?$", RegexOptions.IgnoreCase)]
    private static partial Regex ShowInCategoryRe();

    [GeneratedRegex(@"^(?:filter|narrow|refine)\s+(?:the\s+)?(?:results|products|items|list)?\s*(?:by|to|for|on)\s+(?<what>.+)$|^(?:only\s+show|show\s+only)\s+(?<what>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex FilterRe();

    [GeneratedRegex(@"^(?:confirm|accept|approve|use|keep)\s+(?:the\s+)?(?:existing|saved|current|default|selected|pre-?filled)?\s*(?<thing>.*\b(?:address|payment|card|method|details|order\s+summary|selection|option|shipping|delivery|choice|information|info)\b.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex ConfirmRe();

    [GeneratedRegex(@"^(?:fill|complete)\s+(?:in\s+|out\s+)?(?:the\s+)?(?:\w+\s+)?form\s*(?:with|:|using)?\s*(?<pairs>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex FillFormRe();

    [GeneratedRegex(@"^(?<k>[a-z][a-z ]{0,30}?)\s*(?::|=|\bis\b|\bas\b)?\s+(?<v>[""“'‘].+[""”'’]|\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex PairRe();

    [GeneratedRegex(@"^(?:change|update|set|edit)\s+(?:my\s+|the\s+)?(?:profile\s+)?(?<field>bio|biography|about|headline|status)\s+to\s+(?<value>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex SetFieldRe();

    [GeneratedRegex(@"^follow\s+(?:the\s+user\s+)?(?!(?:him|her|them)$)(?<user>@?[a-z0-9_.-]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex FollowRe();

    [GeneratedRegex(@"^(?<verb>like|upvote)\s+(?<what>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex LikeRe();

    [GeneratedRegex(@"^(?<verb>cancel|refund|view|open|ship|delete|remove|archive|approve|reject|edit|close|reopen|look\s+at|see|inspect|check)\s+(?:the\s+)?(?<noun>order|invoice|ticket|item|request|row|entry|record|user|case|issue)\s+(?:number\s+|no\.?\s+|id\s+)?#?(?<n>\d+)$", RegexOptions.IgnoreCase)]
    private static partial Regex RecordActionRe();

    [GeneratedRegex(@"^(?<verb>remove|delete|take)\s+(?<what>.+?)\s+(?:out\s+of|from)\s+(?:the\s+|my\s+|your\s+)?(?:shopping\s+)?(?:cart|bag|basket|(?:\w+\s+)?list|wish\s*list|order|team|members|users|workspace|group)$", RegexOptions.IgnoreCase)]
    private static partial Regex RemoveFromRe();

    [GeneratedRegex(@"^(?<verb>delete|remove|suspend|reactivate|deactivate|ban|block|unblock|archive|edit|get\s+rid\s+of|bookmark|report|mute|unmute)\s+(?:the\s+)?(?:user|account|member|person|customer|post\s+by|post\s+from)?\s*(?:of\s+|for\s+)?(?<who>(?-i:[A-Z])[\w'’.-]*(?:\s+(?-i:[A-Z])[\w'’.-]*)+?)(?:['’]s\s+(?:account|post|profile|comment|user))?$", RegexOptions.IgnoreCase)]
    private static partial Regex PersonActionRe();

    [GeneratedRegex(@"^(?:in|on|within|inside|for)\s+(?:the\s+)?(?:row|card|entry|line|record|item|listing)\s+(?:for|of|with|containing|that\s+says|about)\s+(?<scope>.+)$|^(?:in|on)\s+(?<scope>.+?)(?:'s|’s)\s+(?:row|card|entry|line|record)$", RegexOptions.IgnoreCase)]
    private static partial Regex RowScopeRe();

    [GeneratedRegex(@"[,\s]+but\s+(?:keep|leave)\s+(?:the\s+|my\s+|it\b).*$|[,\s]+(?:but|and)\s+(?:then\s+)?(?:cancel|decline|say\s+no|dismiss\s+it|press\s+cancel)\s+(?:it\s+)?(?:when|if|once)\s+(?:you\s+are\s+|i'?m\s+|it\s+)?(?:asked|prompted|asks)\b.*$", RegexOptions.IgnoreCase)]
    private static partial Regex KeepGuardRe();

    [GeneratedRegex(@"^(?:the\s+)?(?<box>people|users?|members|persons|help(?:\s+center)?|(?:help\s+)?articles|docs|documentation|faqs?|products|orders|posts)\s+for\s+(?<q>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex BoxForRe();

    [GeneratedRegex(@"^save\s+(?:a\s+|the\s+)?(?:new\s+)?(?:draft|post\s+as\s+(?:a\s+)?draft)\s*(?:saying|that\s+says|with\s+the\s+text|with|reading)?\s*:?\s*(?<text>[""“'‘].+[""”'’])$", RegexOptions.IgnoreCase)]
    private static partial Regex SaveDraftRe();

    [GeneratedRegex(@"^(?:(?:create|make|add|start|publish|share|post)\s+(?:a\s+|an\s+)?(?:new\s+)?(?:post|tweet|status(?:\s+update)?|update)\s*(?:saying|that\s+says|with\s+the\s+text|with\s+the\s+message|with|reading)?\s*:?\s*(?<text>[""“'‘].+?[""”'’])|(?:share|post|publish|tweet)\s+(?<text>[""“'‘].+?[""”'’])\s+(?:with|to)\s+(?:my\s+|all\s+(?:my\s+)?|the\s+)?(?:followers|friends|everyone|feed|timeline|world|profile|audience))$", RegexOptions.IgnoreCase)]
    private static partial Regex CreatePostRe();

    [GeneratedRegex(@"^(?:post|publish|tweet|share|write|create)\s+(?:something|anything|a\s+(?:new\s+)?(?:post|tweet|status|update))$", RegexOptions.IgnoreCase)]
    private static partial Regex NothingToPostRe();

    [GeneratedRegex(@"^(?:send\s+(?<who>.+?)\s+a\s+(?:direct\s+|private\s+)?(?:message|dm|note)|(?:send|write)\s+(?:a\s+)?(?:direct\s+|private\s+)?(?:message|dm)\s+to\s+(?<who>(?!support\b|us\b).+?)|message\s+(?<who>@[\w.-]+|(?-i:[A-Z])[\w.’'-]*(?:\s+(?-i:[A-Z])[\w.’'-]*){0,3}))$", RegexOptions.IgnoreCase)]
    private static partial Regex MessageNoTextRe();

    [GeneratedRegex(@"^(?:open|show|bring\s+up)\s+(?:the\s+)?(?<what>[\w ]+?)\s+(?:menu|dialog|modal|popup|form)\s+(?:for|of)\s+(?<who>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex OpenForRe();

    [GeneratedRegex(@"^(?:select|choose|pick)\s+(?<option>.+?)\s+as\s+(?:the\s+|my\s+|your\s+)?(?<field>[\w ]{2,40}?)$", RegexOptions.IgnoreCase)]
    private static partial Regex SelectAsRe();

    [GeneratedRegex(@"^(?:set|change|switch|update)\s+(?:the\s+|my\s+)?(?<field>[a-z][\w ]{1,30}?)\s+(?:to|as)\s+(?<value>.+?)\s+(?:in|on)\s+(?:the\s+)?[\w -]*\bform$", RegexOptions.IgnoreCase)]
    private static partial Regex SetInFormRe();

    [GeneratedRegex(@"^(?:change|set|update|switch|make)\s+(?<who>.+?)(?:'s|’s)\s+(?<field>[\w ]+?)\s+(?:to|as|into)\s+(?<value>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex PossessiveEditRe();

    [GeneratedRegex(@"^(?:change|set|update|switch)\s+(?:the\s+)?(?<field>role|status|plan|permission|permissions|access|group|team|department|level|tier)\s+(?:of|for)\s+(?<who>.+?)\s+(?:to|as|into)\s+(?<value>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex EditOfRe();

    [GeneratedRegex(@"^(?:type|enter|write|input|put|fill\s+in)\s+(?<text>[""“'‘].+?[""”'’])\s+as\s+(?:the\s+|my\s+|your\s+)?(?<field>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex TypeAsRe();

    [GeneratedRegex(@"^(?<q>.+?)\s+(?:in|on|using|via|with|from)\s+(?:the\s+)?(?<box>[\w -]*?search(?:\s+(?:box|bar|field))?)$", RegexOptions.IgnoreCase)]
    private static partial Regex SearchBoxRe();

    [GeneratedRegex(@"^(?:(?:send|write|compose|draft)\s+(?:a\s+|an\s+)?(?:direct\s+|private\s+)?(?:message|dm|note|pm)\s+to\s+(?<who>.+?)|(?:send\s+)?(?:dm|pm|message|text|direct\s+message)\s+(?<who>.+?)|send\s+(?<who>.+?)\s+a\s+(?:direct\s+|private\s+)?(?:message|dm|note))\s*(?:,|:)?\s*(?:saying|that\s+says|with\s+the\s+text|with|reading)?\s*:?\s*(?<text>[""“'‘].+[""”'’])$", RegexOptions.IgnoreCase)]
    private static partial Regex MessageRe();

    [GeneratedRegex(@"^(?:yes|ok|okay|sure|yep|go\s+ahead)(?:[,!.]?\s*(?:please|do\s+it|go\s+ahead|confirm|i'?m\s+sure))*$|^(?:yes,?\s+)?(?:confirm|approve|accept)\s+(?:it|that|this|the\s+(?:deletion|cancellation|removal|dialog|prompt|action|change|request|refund|reset))$|^(?:yes,?\s+)?(?:go\s+ahead\s+and\s+)?(?:confirm|proceed)$", RegexOptions.IgnoreCase)]
    private static partial Regex ConfirmDialogRe();

    [GeneratedRegex(@"^wait\s+(?:for|until)\s+(?<what>.+?)(?:\s+(?:to\s+appear|appears|is\s+shown|shows\s+up|loads))?$", RegexOptions.IgnoreCase)]
    private static partial Regex WaitRe();

    [GeneratedRegex(@"^(?<verb>check|tick|uncheck|untick|enable|disable)\s+(?:the\s+)?(?<what>.+?)(?:\s+(?:box|checkbox|option|toggle))?$", RegexOptions.IgnoreCase)]
    private static partial Regex CheckRe();

    [GeneratedRegex(@"^mark\s+(?:the\s+)?(?:order|invoice|ticket|item|request|row|entry|record|message|task|case|issue)?\s*(?:number\s+|no\.?\s+)?#?(?<n>\d+)\s+as\s+(?<state>[a-z]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex MarkAsRe();

    [GeneratedRegex(@"^(?<verb>view|open|cancel|refund|edit|delete|remove|ship|look\s+at|see|inspect|check)\s+the\s+(?<ord>first|second|third|fourth|fifth|last|top|\d+(?:st|nd|rd|th))\s+(?:order|user|row|entry|record|ticket|invoice|comment|request|account|member)$", RegexOptions.IgnoreCase)]
    private static partial Regex NthRecordRe();

    [GeneratedRegex(@"^(?:show|take)\s+(?:me\s+)?(?:to\s+)?(?:the\s+|my\s+|all\s+)?(?<place>(?!top\b|newest\b|latest\b|oldest\b)[a-z]+(?:\s+[a-z]+)?)$", RegexOptions.IgnoreCase)]
    private static partial Regex ShowPlaceRe();

    [GeneratedRegex(@"^(?:apply|use|enter|redeem|add)\s+(?:the\s+|a\s+|my\s+|this\s+)?(?<field>(?:promo(?:tional)?|coupon|discount|voucher|gift\s+card|referral)\s*code)\s*:?\s+(?<v>[""“'‘]?[\w-]+[""”'’]?)$", RegexOptions.IgnoreCase)]
    private static partial Regex PromoCodeRe();

    [GeneratedRegex(@"^(?:set|change|switch|update)\s+(?:the\s+|my\s+|his\s+|her\s+|their\s+)?(?<field>[a-z][\w/ -]{1,30}?)\s+(?:to|as)\s+(?<value>\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex SetToRe();

    [GeneratedRegex(@"^(?:select|choose|pick)\s+(?<option>.+?)\s+(?:from|in|for)\s+(?:the\s+)?(?<field>.+?)(?:\s+(?:dropdown|menu|list|select|field))?$", RegexOptions.IgnoreCase)]
    private static partial Regex SelectFromRe();

    [GeneratedRegex(@"^(?:submit|send)(?:\s+(?:the|this|it|my))?(?:\s+(?:contact|support|feedback|sign-?up|registration|enquiry|inquiry|application|request))?(?:\s+(?:form|message|request|details))?$|^(?:save|apply)(?:\s+(?:it|them|this|the\s+changes|changes|my\s+changes|the\s+settings|settings))?$", RegexOptions.IgnoreCase)]
    private static partial Regex SubmitRe();

    [GeneratedRegex(@"^(?:click|tap|press|hit|push|choose|select|expand|collapse|toggle)(?:\s+on)?\s+(?<rest>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex ClickRe();

    [GeneratedRegex(@"\s+(?:next\s+to|beside|for|of|in\s+the\s+row\s+(?:of|for)|in\s+the\s+(?:card|row|entry)\s+(?:of|for)|under|below)\s+(?<scope>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex ScopeRe();

    [GeneratedRegex(@"^(?:the\s+)?(?:\w+\s+)?(?:button|link|control|icon)\s+(?:to|that\s+will|which\s+will|for)\s+(?<verb>[a-z]+)(?:\s+(?<object>.*))?$", RegexOptions.IgnoreCase)]
    private static partial Regex PurposeRe();

    [GeneratedRegex(@"^(?:go|navigate|head|return|get|move|switch|jump|browse)(?:\s+back)?\s+to\s+(?<target>.+)$|^(?:open|visit|load)\s+(?<target>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex GoToRe();

    [GeneratedRegex(@"^(?<verb>place|submit|complete|finish)\s+(?:the\s+|my\s+|this\s+)?(?<noun>order|purchase|payment)\b", RegexOptions.IgnoreCase)]
    private static partial Regex OrderActionRe();

    [GeneratedRegex(@"^(?:proceed|continue|checkout|check\s+out)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ProceedRe();
}
