using System.Text.RegularExpressions;
using OpsDashboard.Core.Api;

namespace OpsDashboard.Core.Agent;

/// <summary>
/// The grounding half of the general planner (<see cref="GenericAction"/>): a clause no phrase rule knew is
/// mapped onto the page's affordances. The record it names (a row, card or line containing a person, an
/// email or "#302"; "him" after a people search) scopes the search; then, in that order, a select in the
/// record with an option the words name ("Make Aiko an admin"), a switch or control whose name is made of
/// the clause's words ("Require 2FA" → "Require two-factor authentication", "Reset … password" → "Reset
/// password"), or the same in the record's "⋯" menu. A control that opens a box (a reply, an invite) gets
/// the clause's value typed and its own send button pressed, unless a guard forbids it. Every step's effect
/// must be seen; anything unsure is NOT SURE, never a guess.
/// </summary>
public sealed partial class Interpreter
{
    private const double GenericThreshold = 0.5;

    private static readonly string[] OffWords = ["disable", "turn off", "switch off", "uncheck", "untick", "deactivate"];

    /// <summary>"him", "her", "them": the person just searched for.</summary>
    private string? ResolveScope(string? scope) =>
        scope is not null && Regex.IsMatch(scope, @"^(?:him|her|them|this\s+person|that\s+person)$", RegexOptions.IgnoreCase) ? _lastQuery : scope;

    /// <summary>Verbs that set a property to a value: without the value ("Change Marcus Chen's role") the user is asked for it.</summary>
    private static readonly HashSet<string> SettingVerbs = ["change", "update", "set", "edit", "modify", "adjust", "give"];

    [GeneratedRegex(@"\b(?<what>role|email(?:\s+address)?|e-mail|name|display\s+name|user\s*name|password|phone(?:\s+number)?|address|price\s+range|price|budget|size|colou?r|quantity|time\s*zone|title|status|plan|bio|nickname|language)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex PropertyAtEnd();

    private async Task<Problem?> GenericAsync(PageObservation obs, ActIntent act, CancellationToken ct)
    {
        if (act.Value is null && SettingVerbs.Contains(act.Verb) && PropertyAtEnd().Match(act.Clause.TrimEnd('.', '!', '?')) is { Success: true } property)
        {
            // "Change Marcus Chen's role", "Set the price range": what to set it to is not said; nothing is guessed or changed.
            var whose = act.Scopes.FirstOrDefault(s => !s.Contains('@') && !s.All(char.IsDigit));
            return new Problem(StepStatus.AskUser,
                $"What should {(whose is null ? "the" : whose + "'s")} {property.Groups["what"].Value.ToLowerInvariant()} be? The command does not say, so nothing was changed.");
        }
        var scope = PickScope(obs, act.Scopes);
        if (scope is null && act.Scopes.FirstOrDefault(s => s.All(char.IsDigit)) is { } number)
        {
            // "Cancel order #310" where no row shows #310: never the same control in another row.
            return NotSure($"There is no '#{number}' on this page ({obs.Title}), so nothing was done for it.");
        }
        if (scope is null && act.Scopes.FirstOrDefault(s => s.Contains(' ') && char.IsUpper(s[0])) is { } person && HasSearchBox(obs))
        {
            // The record is not on this page: find it with the page's search first ("Follow Nora Quinn").
            if (await SearchAsync(obs, person, ct, "people") is { } notFound)
            {
                return notFound;
            }
            obs = await ObserveAsync(ct);
            scope = PickScope(obs, [person]);
        }
        var value = act.Value;
        if (value is null && scope is null && act.Scopes.FirstOrDefault(x => x.Contains('@')) is { } email)
        {
            value = email; // an email that names no row is the value ("Invite a new user with email kim@…")
        }
        if (value is not null && scope is not null && TextMatch.Normalize(value) == TextMatch.Normalize(scope))
        {
            value = null;
        }
        var scopeTokens = scope is null ? [] : TextMatch.Tokens(Lexicon.Canonical(scope)).ToHashSet();
        var valueTokens = value is null ? [] : TextMatch.Tokens(Lexicon.Canonical(value)).ToHashSet();
        var words = act.Words.Where(w => !scopeTokens.Contains(w)).ToList();
        var actionWords = words.Where(w => !valueTokens.Contains(w)).ToList();

        // 1. A select in the record with an option the words name: "Make Aiko Tanaka an admin", "Demote Sofia to Viewer".
        if (scope is not null)
        {
            foreach (var select in obs.Elements.Where(e => e.Visible && e.Enabled && e.Tag == "select" && e.In(scope)))
            {
                var option = select.Options.Where(o => TextMatch.Tokens(Lexicon.Canonical(o)) is { Count: > 0 } ot && ot.All(words.Contains))
                    .OrderByDescending(o => TextMatch.Tokens(o).Count).FirstOrDefault();
                if (option is not null && TextMatch.Normalize(option) != TextMatch.Normalize(select.Value))
                {
                    return await ChooseAsync(select, option, ct);
                }
            }
        }

        // 2. A control (or switch) whose name is made of the clause's words, in the record when one is named.
        var control = BestControl(obs, act.Verb, actionWords, scope, ClickRoles.Append("switch").ToArray());
        if (control is null && scope is not null && await OpenRowMenuAsync(obs, scope, ct) is { } menu)
        {
            obs = menu;
            control = BestControl(obs, act.Verb, actionWords, null, ["menuitem"]);
        }
        if (control is null)
        {
            var where = scope is null ? "" : $" for '{scope}'";
            return NotSure($"I could not tell how to do '{act.Clause}'{where}: nothing on this page ({obs.Title}) is named like it.");
        }
        if (scope is null && control.ItemId is not null)
        {
            // The same control in several rows and no row named: "the most recent order", "the first post", else ask which.
            var same = obs.Elements.Where(e => e.Visible && e.Enabled && e.Role == control.Role && e.ItemId is not null
                    && TextMatch.Normalize(e.Name) == TextMatch.Normalize(control.Name)).GroupBy(e => e.ItemId).Select(g => g.First()).ToList();
            if (same.Count > 1)
            {
                var said = Regex.Split(Lexicon.Canonical(act.Clause).ToLowerInvariant(), @"[^a-z0-9]+").ToHashSet();
                var chosen = RecordChoice.Pick(same, said);
                if (chosen is null)
                {
                    return new Problem(StepStatus.AskUser, $"'{control.Name}' is in {same.Count} rows on this page and the command does not say which; name the row (a person, an id) and send it again. Nothing was done.");
                }
                control = chosen;
                scope = Short(chosen.ItemText ?? "");
            }
        }
        if (IsForbidden(control.Name))
        {
            return new Problem(StepStatus.AskUser, $"Doing '{act.Clause}' means pressing '{control.Name}', which the command says not to do; I stopped before it.");
        }
        if (control.Role is "switch" or "checkbox")
        {
            var on = !OffWords.Any(w => act.Clause.StartsWith(w, StringComparison.OrdinalIgnoreCase));
            await page.SetCheckedAsync(control.Id, on, ct);
            Record($"turned {(on ? "on" : "off")} '{control.Name}'");
            var after = (await page.ObserveAsync(ct)).Elements.FirstOrDefault(e => e.Id == control.Id);
            return after?.Checked is { } state && state != on ? NotSure($"'{control.Name}' is still {(state ? "on" : "off")}.") : null;
        }
        if (value is null)
        {
            return await ActOnAsync(obs, control, scope, ct);
        }
        // 3. A control that opens a box for the value (a reply, an invite): type it, then the box's own button.
        var before = Fingerprint(obs);
        await ClickAsync(control, ct);
        Record($"clicked '{control.Name}'{(scope is null ? "" : $" for '{scope}'")}");
        if (!await ChangedAsync(before, ct))
        {
            return NotSure($"I clicked '{control.Name}' but nothing on the page changed, so I cannot say it worked.");
        }
        var open = await ObserveAsync(ct);
        var box = ValueField(open, value);
        if (box is null)
        {
            return NotSure($"'{control.Name}' opened nothing I could put '{value}' into.");
        }
        if (box.Tag == "select")
        {
            return await ChooseAsync(box, value, ct);
        }
        await page.FillAsync(box.Id, value, ct);
        Record($"typed '{value}' into {Label(box)}");
        var typed = await page.ObserveAsync(ct);
        if (typed.Elements.FirstOrDefault(e => e.Id == box.Id)?.Value is { } kept && TextMatch.Normalize(kept) != TextMatch.Normalize(value))
        {
            return NotSure($"{Cap(Label(box))} did not keep '{value}' (it shows '{kept}').");
        }
        // "… with the Billing role": a choice in the same box the clause names (a role select in the invite dialog) is made too,
        // so what is sent is all the clause said.
        foreach (var choice in typed.Elements.Where(e => e.Visible && e.Enabled && e.Tag == "select" && e.Id != box.Id
                     && (box.Landmark == "dialog" ? e.Landmark == "dialog" : box.Form is not null && e.Form == box.Form)))
        {
            var named = choice.Options.FirstOrDefault(o => o.Length > 1 && act.Scopes.Concat(words).Any(w => TextMatch.Normalize(w) == TextMatch.Normalize(o)
                || TextMatch.Normalize(Lexicon.Canonical(w)) == TextMatch.Normalize(Lexicon.Canonical(o))));
            if (named is not null && TextMatch.Normalize(named) != TextMatch.Normalize(choice.Value))
            {
                if (await ChooseAsync(choice, named, ct) is { } notChosen)
                {
                    return notChosen;
                }
                typed = await page.ObserveAsync(ct);
            }
        }
        var send = BoxButton(typed, box, act.Verb, control.Name);
        if (send is null)
        {
            return NotSure($"I typed '{value}' but found no button to send it with, so it was not sent.");
        }
        if (IsForbidden(send.Name))
        {
            Record($"did not press '{send.Name}', as told");
            return null;
        }
        var typedPrint = Fingerprint(typed);
        await ClickAsync(send, ct);
        Record($"pressed '{send.Name}'");
        return await ChangedAsync(typedPrint, ct) ? null : NotSure($"I pressed '{send.Name}' but nothing changed, so I cannot say it was done.");
    }

    /// <summary>The longest of the phrases that names a record on the page: one that some element is in, and not every row.</summary>
    private string? PickScope(PageObservation obs, IReadOnlyList<string> scopes)
    {
        foreach (var raw in scopes)
        {
            var s = ResolveScope(raw);
            if (s is null)
            {
                continue;
            }
            var items = obs.Elements.Where(e => e.Visible && e.In(s)).Select(e => e.ItemId ?? -e.Id).Distinct().Count();
            var all = obs.Elements.Where(e => e.Visible && e.ItemId is not null).Select(e => e.ItemId).Distinct().Count();
            if (items > 0 && (all < 3 || items < all))
            {
                return s;
            }
        }
        return null;
    }

    private static bool HasSearchBox(PageObservation obs) =>
        obs.Elements.Any(e => e.Visible && e.Enabled && (e.Role == "searchbox" || e.InputType == "search"));

    /// <summary>
    /// The control whose name is best made of the clause's words: every word of the name (in canonical form)
    /// among the clause's, or most of them with the verb; a name sharing only a word that says what kind of
    /// thing it is ("user", "post") never counts.
    /// </summary>
    private static PageElement? BestControl(PageObservation obs, string verb, IReadOnlyList<string> words, string? scope, IReadOnlyCollection<string> roles)
    {
        var set = words.ToHashSet();
        var verbToken = TextMatch.Tokens(Lexicon.Canonical(verb)).FirstOrDefault();
        var scored = obs.Elements.Where(e => e.Visible && e.Enabled && roles.Contains(e.Role) && e.Name.Length > 0 && (scope is null || e.In(scope)))
            .Select(e =>
            {
                var name = TextMatch.Tokens(Lexicon.Canonical(Regex.Replace(e.Name, @"[^\p{L}\p{N}\s@.'’&-]", " "))).Where(t => !t.All(char.IsDigit)).ToList();
                if (name.Count == 0)
                {
                    return (e, s: 0.0);
                }
                var hits = name.Count(set.Contains);
                // The verb names an action control only when the control is named by it ("Invite user", "Follow"): "Set the price
                // range" is not the "Ceramic Mug Set of 4" link.
                var meaningful = name.Where(set.Contains).Any(t => !GenericAction.KindWords.Contains(t) && t != verbToken)
                    || (verbToken is not null && name[0] == verbToken && e.Role != "link");
                if (!meaningful)
                {
                    return (e, s: 0.0);
                }
                var s = (double)hits / name.Count;
                if (verbToken is not null && name.Contains(verbToken))
                {
                    s += 0.25;
                }
                s += e.Landmark switch { "dialog" => 0.05, "main" => 0.03, "footer" => -0.05, _ => 0 };
                return (e, s);
            })
            .Where(x => x.s >= GenericThreshold)
            .OrderByDescending(x => x.s).ThenBy(x => x.e.Id).ToList();
        if (scored.Count == 0)
        {
            return null;
        }
        if (scope is null && scored.Count > 1 && scored[1].s >= scored[0].s - 0.001 && TextMatch.Normalize(scored[1].e.Name) != TextMatch.Normalize(scored[0].e.Name))
        {
            return null; // two different controls fit equally well: not guessed at
        }
        return scored[0].e;
    }

    /// <summary>The box a value goes into once a control opened it: an email field for an email, else the message box, in the dialog when one is open.</summary>
    private static PageElement? ValueField(PageObservation obs, string value)
    {
        var email = value.Contains('@') && !value.Contains(' ');
        return obs.Elements.Where(e => e.Visible && e.Enabled && (e.Tag == "textarea" || FieldRoles.Contains(e.Role)) && e.InputType is not ("search" or "password" or "checkbox" or "radio"))
            .Where(e => obs.DialogLabel is null || e.Landmark == "dialog")
            .Where(e => email || e.InputType != "email")
            .Select(e => (e, s: (email ? (e.InputType == "email" ? 2 : TextMatch.Score("email", (e.Label ?? "") + " " + e.Name + " " + (e.Placeholder ?? ""))) : (e.Tag == "textarea" ? 1.5 : 0.5))
                + (e.Value is { Length: > 0 } ? -0.5 : 0)))
            .Where(x => x.s > 0.3)
            .OrderByDescending(x => x.s).ThenBy(x => x.e.Id).Select(x => x.e).FirstOrDefault();
    }

    /// <summary>The button that sends what was typed into <paramref name="box"/>: in its dialog or form, named like the action or a sending word; never a cancel.</summary>
    private PageElement? BoxButton(PageObservation obs, PageElement box, string verb, string opener)
    {
        string[] sends = ["send", "submit", "save", "post", "reply", "invite", "send invite", "add", "create", "ok", "done", "update", "apply", verb, opener];
        return obs.Elements.Where(e => e.Visible && e.Enabled && e.Role == "button" && e.Id != box.Id
                && (box.Landmark == "dialog" ? e.Landmark == "dialog" : box.Form is null || e.Form == box.Form))
            .Where(e => TextMatch.Tokens(e.Name, keepStopWords: true).FirstOrDefault() is not ("cancel" or "close" or "keep" or "no" or "back" or "dismiss" or "discard"))
            .Select(e => (e, s: sends.Max(w => Math.Max(TextMatch.Score(w, e.Name), Lexicon.Synonyms(w, e.Name) ? 0.9 : 0)) + (e.InputType == "submit" ? 0.2 : 0)))
            .Where(x => x.s >= 0.6).OrderByDescending(x => x.s).ThenBy(x => x.e.Id).Select(x => x.e).FirstOrDefault();
    }
}
