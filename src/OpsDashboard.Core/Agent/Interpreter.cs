using System.Text.RegularExpressions;
using OpsDashboard.Core.Api;

namespace OpsDashboard.Core.Agent;

/// <summary>The agent's answer to one step.</summary>
public sealed record AgentResult(string Status, string Message, IReadOnlyList<string> Done);

/// <summary>Settings for one run of the interpreter.</summary>
public sealed record AgentOptions(IReadOnlyList<SiteLogin> Logins, int MaxActions = 40, int MaxAdvances = 4);

/// <summary>
/// The default agent: deterministic and explainable. Parses the command, then grounds each intent
/// on a fresh observation of the page and acts through an <see cref="IPageDriver"/>. Guards are
/// checked before every click; a stop condition after every action. It never guesses: a target
/// it cannot find answers NOT SURE naming it; a conflict or a missing value answers ASK_USER.
/// Not thread-safe; one instance per step.
/// </summary>
public sealed partial class Interpreter(IPageDriver driver, AgentOptions options, Action<string>? progress = null)
{
    /// <summary>The page, through <see cref="ConsentBanner"/>: a cookie banner is dismissed only when it is in the way of an action.</summary>
    private IPageDriver page => _page ??= new ConsentBanner(driver, Record);
    private ConsentBanner? _page;

    private const double Threshold = 0.6;
    private static readonly string[] ClickRoles = ["button", "link", "menuitem", "tab", "checkbox", "radio", "option", "switch", "summary"];
    private static readonly string[] FieldRoles = ["textbox", "searchbox", "combobox", "spinbutton"];
    private static readonly string[] Destructive = ["place order", "pay", "delete", "remove", "publish", "send", "confirm", "cancel", "buy", "purchase", "submit order", "post", "refund", "suspend", "reset"];
    private static readonly string[] Advancers = ["continue", "next", "proceed", "go to payment", "continue to payment", "use this address", "save and continue"];
    private readonly List<string> _done = [];
    private readonly List<string> _secrets = [];
    private IReadOnlyList<string> _forbidden = [];
    private string? _lastQuery;
    private int _actions;

    /// <summary>Whether the intent being carried out is the command's last: a page's own confirmation is answered only then (a later clause may answer it, "… then press Cancel").</summary>
    private bool _lastIntent = true;

    /// <summary>The command says "not" (or "never", "without" …) more often than the guards read from it: nothing destructive is done.</summary>
    private bool _unreadNegation;
    private bool _onlyIntent;

    /// <summary>A field of an edit dialog this command opened was changed: the change is kept only once the dialog is saved.</summary>
    private bool _editedInDialog;
    private bool _openedDialog;
    private string _currentClause = "";

    /// <summary>What was done so far, in the user's words.</summary>
    public IReadOnlyList<string> Done => _done;

    /// <summary>Values typed into password fields so far: never in a message, masked by <see cref="SecretRedactor"/> wherever else they appear.</summary>
    public IReadOnlyList<string> Secrets => _secrets;

    public async Task<AgentResult> RunAsync(string cmd, CancellationToken ct)
    {
        var plan = IntentParser.Parse(cmd);
        _forbidden = plan.Forbidden;
        _unreadNegation = Negations().Matches(Unquoted().Replace(cmd, " ")).Count > plan.Forbidden.Count;
        if (plan.Intents.Count == 0 && plan.StopWhen is null)
        {
            if (plan.Forbidden.Count > 0 && plan.Unrecognized.Count == 0)
            {
                return new AgentResult(StepStatus.Done, $"Noted: I will not {string.Join(" or ", plan.Forbidden)}. Nothing else was asked.", []);
            }
            return new AgentResult(StepStatus.NotSure,
                $"I could not tell what to do with {Quote(plan.Unrecognized)}{(plan.Forbidden.Count > 0 ? $" (I would not {string.Join(" or ", plan.Forbidden)})" : "")}. Nothing was done. Try an action such as: search for \"…\", click \"…\", type \"…\" into \"…\", go to <url>, scroll down.", []);
        }
        var conflict = plan.Conflicts().FirstOrDefault();
        if (conflict.Intent is not null)
        {
            return new AgentResult(StepStatus.AskUser,
                $"The command both asks to '{conflict.Intent.Clause}' and says not to {conflict.Guard}. Which one should I do? Nothing was done.", []);
        }

        for (var n = 0; n < plan.Intents.Count; n++)
        {
            var intent = plan.Intents[n];
            _lastIntent = n == plan.Intents.Count - 1;
            _onlyIntent = plan.Intents.Count == 1;
            ct.ThrowIfCancellationRequested();
            var outcome = await ExecuteAsync(intent, ct);
            if (outcome is { } problem)
            {
                if (intent.Optional && problem.Status == StepStatus.NotSure)
                {
                    _done.Add($"skipped '{intent.Clause}' ({Decap(problem.Message.TrimEnd('.'))})");
                    continue;
                }
                return Finish(problem.Status, problem.Message, plan);
            }
            if (plan.StopWhen is not null && await ReachedAsync(plan.StopWhen, ct))
            {
                return Finish(StepStatus.Done, $"Stopped on reaching {plan.StopWhen}, as asked.", plan);
            }
        }

        if (plan.StopWhen is not null)
        {
            for (var i = 0; i < options.MaxAdvances && !await ReachedAsync(plan.StopWhen, ct); i++)
            {
                var obs = await ObserveAsync(ct);
                if (obs.HasPasswordField && FindLogin(obs.Url) is not null)
                {
                    // The way to the goal passes a sign-in page (checkout asks for an account): sign in and go on.
                    if (await LoginAsync(obs, optional: false, ct) is { } failed)
                    {
                        return Finish(failed.Status, failed.Message, plan);
                    }
                    continue;
                }
                var next = obs.Elements
                    .Where(e => e.Visible && e.Enabled && e.Role is "button" or "link" && e.Landmark is "main" or "body" or "dialog")
                    .Select(e => (e, score: Advancers.Max(a => TextMatch.Score(a, e.Name))))
                    .Where(x => x.score >= 0.9 && !IsForbidden(x.e.Name) && !IsDestructive(x.e.Name))
                    .OrderByDescending(x => x.score).ThenBy(x => x.e.Id)
                    .Select(x => x.e).FirstOrDefault();
                if (next is null)
                {
                    break;
                }
                await ClickAsync(next, ct);
                Record($"clicked '{next.Name}'");
            }
            if (await ReachedAsync(plan.StopWhen, ct))
            {
                return Finish(StepStatus.Done, $"Stopped on reaching {plan.StopWhen}, as asked.", plan);
            }
            return Finish(StepStatus.Continue, $"Not at {plan.StopWhen} yet; send the step again to go on.", plan);
        }
        if (plan.Unrecognized.Count > 0)
        {
            return Finish(StepStatus.NotSure, $"I could not tell how to do {Quote(plan.Unrecognized)}.", plan);
        }
        if (_editedInDialog && plan.Intents[^1] is TypeIntent or SelectIntent or FillFormIntent && await CommitDialogAsync(ct) is { } unsaved)
        {
            return Finish(unsaved.Status, unsaved.Message, plan);
        }
        return Finish(StepStatus.Done, null, plan);
    }

    private AgentResult Finish(string status, string? tail, AgentPlan plan)
    {
        var parts = new List<string>();
        if (_done.Count > 0)
        {
            parts.Add(Cap(string.Join(", ", _done)) + ".");
        }
        if (tail is not null)
        {
            parts.Add(tail);
        }
        if (plan.Forbidden.Count > 0 && status is StepStatus.Done or StepStatus.Continue)
        {
            parts.Add($"Did not {string.Join(" or ", plan.Forbidden.Select(Infinitive))}, as told.");
        }
        if (parts.Count == 0)
        {
            parts.Add("Nothing needed doing.");
        }
        return new AgentResult(status, string.Join(" ", parts), _done);
    }

    private void Record(string what)
    {
        _done.Add(what);
        progress?.Invoke(Cap(what) + ".");
    }

    private sealed record Problem(string Status, string Message);

    private static Problem NotSure(string message) => new(StepStatus.NotSure, message);

    private Task<PageObservation> ObserveAsync(CancellationToken ct) => page.ObserveAsync(ct);

    private async Task<Problem?> ExecuteAsync(Intent intent, CancellationToken ct)
    {
        if (++_actions > options.MaxActions)
        {
            return new Problem(StepStatus.Continue, "Stopped after the maximum number of actions for one step.");
        }
        var doneBefore = _done.Count;
        _currentClause = intent.Clause;
        _clauseStart = null;
        var problem = await ExecuteOnceAsync(intent, ct);
        // What the clause needs may not be there yet on a page opened moments ago (a list fetched
        // after load). If nothing was done and the page was fresh, let it settle and look once more.
        if (problem is { Status: StepStatus.NotSure } && _done.Count == doneBefore && await page.SettleIfFreshAsync(ct))
        {
            problem = await ExecuteOnceAsync(intent, ct);
        }
        if (problem is null && _done.Count > doneBefore && await RefusedAsync(ct) is { } refused)
        {
            return refused;
        }
        return problem;
    }

    /// <summary>The page now: the last observation when nothing was done since it, else a new look.</summary>
    private async Task<PageObservation> LatestAsync(CancellationToken ct) => _page?.Seen ?? await page.ObserveAsync(ct);

    /// <summary>The page as it was when the clause began, to tell what the clause's actions made it say.</summary>
    private PageObservation? _clauseStart;

    /// <summary>
    /// A clause whose actions made the page say no ("Please fill in: Your name.", "Please select a size.") is not done,
    /// however much the page changed: <see cref="PageComplaint"/>. Read off the last observation when nothing was done
    /// since it, so a clause that ended by looking costs no second look.
    /// </summary>
    private async Task<Problem?> RefusedAsync(CancellationToken ct)
    {
        var after = await LatestAsync(ct);
        if (PageComplaint.New(_clauseStart, after) is not { } said)
        {
            return null;
        }
        var text = said.Said.TrimEnd();
        var quoted = $"'{text.TrimEnd('.', '!')}'";
        return new Problem(said.Status, said.Status == StepStatus.AskUser
            ? $"The page answered {quoted}, so '{_currentClause}' is not done: it needs a value I was not given or did not accept. What should I use?"
            : $"The page answered {quoted}, so '{_currentClause}' is not done.");
    }

    private async Task<Problem?> ExecuteOnceAsync(Intent intent, CancellationToken ct)
    {
        var obs = await ObserveAsync(ct);
        _clauseStart ??= obs;
        if (intent is not LoginIntent and not NavigateIntent && obs.HasPasswordField && FindLogin(obs.Url) is not null)
        {
            var login = await LoginAsync(obs, optional: false, ct);
            if (login is not null)
            {
                return login;
            }
            obs = await ObserveAsync(ct);
        }
        switch (intent)
        {
            case NavigateIntent n:
                await page.GotoAsync(n.Url, ct);
                Record($"opened {n.Url}");
                return null;
            case LoginIntent:
                return await LoginAsync(obs, intent.Optional, ct);
            case SearchIntent s:
                return await SearchAsync(obs, s.Query, ct, s.Box);
            case OpenResultIntent { Best: { } best }:
                return await OpenBestAsync(obs, best, ct);
            case OpenResultIntent r:
                return await OpenResultAsync(obs, r.Ordinal, ct);
            case AddToIntent a:
                return await AddToAsync(obs, a, ct);
            case GoToIntent g:
            {
                // A place is reached by its link first; a button ("Proceed to checkout") only when no link names it,
                // or when a button names it better ("my bag" is the "Bag, 2 items" button, not the "Bags" department tab).
                if (MyPlace().IsMatch(g.Clause))
                {
                    // "my bag", "my account", "my orders": the visitor's own place lives in the site's chrome (header, nav),
                    // not among the content's departments ("Bags").
                    var own = Rank(obs, g.Place, ["link", "tab", "menuitem", "button"], null, null)
                        .Select(x => (x.E, Score: x.Score + (x.E.Landmark is "header" or "nav" ? 0.1 : 0)))
                        .OrderByDescending(x => x.Score).ThenBy(x => x.E.Id).FirstOrDefault();
                    if (own.E is not null)
                    {
                        return await ActOnAsync(obs, own.E, null, ct);
                    }
                }
                var viaLink = await ClickTargetAsync(obs, g.Place, null, null, null, ct, roles: ["link", "tab", "menuitem"]);
                if (viaLink is null)
                {
                    return null;
                }
                if (WithoutSiteName(obs, g.Place) is { } bare)
                {
                    // "the H&M men jeans category": a brand or site name the page never shows names the site, not the link.
                    var retry = await ClickTargetAsync(obs, bare.Place, null, null, null, ct, roles: ["link", "tab", "menuitem"]);
                    if (retry is null)
                    {
                        _done[^1] += $" ('{bare.Dropped}' read as the site's name: it is not on this page)";
                        return null;
                    }
                }
                return await ClickTargetAsync(obs, g.Place, null, null, null, ct, roles: ["button"]) is null ? null : viaLink;
            }
            case ClickIntent c:
            {
                var doneBefore = _done.Count;
                var clicked = await ClickTargetAsync(obs, c.Target, c.Ordinal, c.Scope, c.Context, ct);
                if (clicked is { Status: StepStatus.NotSure } && _done.Count == doneBefore && Lexicon.Canonical(c.Target).Contains("checkout", StringComparison.OrdinalIgnoreCase)
                    && CartControl(obs) is { } cart)
                {
                    // "Proceed to checkout" from a page without it (a product page): checkout starts in the cart.
                    if (await ActOnAsync(obs, cart, null, ct, $"opened '{cart.Name}' to get to checkout") is { } notOpened)
                    {
                        return notOpened;
                    }
                    return await ClickTargetAsync(await ObserveAsync(ct), c.Target, c.Ordinal, c.Scope, c.Context, ct);
                }
                return clicked;
            }
            case ConfirmIntent cf:
                return await ConfirmAsync(obs, cf.Thing, ct);
            case TypeIntent t:
                return await TypeAsync(obs, t.Text, t.Field, ct, t.Scope);
            case FillFormIntent f:
            {
                // The values of one sentence go into one form: the form with a field for most of them (the contact
                // form's "Email address", not the newsletter's "Email" beside it).
                var form = obs.Elements.Where(e => e.Visible && e.Form is not null && (FieldRoles.Contains(e.Role) || e.Tag is "select" or "textarea"))
                    .Select(e => e.Form!).Distinct()
                    .Select(fm => (fm, n: f.Pairs.Count(pair => FindField(InForm(obs, fm), pair.Field) is not null)))
                    .Where(x => x.n > 0).OrderByDescending(x => x.n).Select(x => x.fm).FirstOrDefault();
                foreach (var (field, value) in f.Pairs)
                {
                    var now = await ObserveAsync(ct);
                    var within = form is not null && FindField(InForm(now, form), field) is not null ? InForm(now, form) : now;
                    var p = await TypeAsync(within, value, field, ct);
                    if (p is not null)
                    {
                        return p;
                    }
                }
                return null;
            }
            case SelectIntent sel:
                return await SelectAsync(obs, sel.Option, sel.Field, ct, sel.Scope);
            case SortIntent so:
                return await SortAsync(obs, so.By, ct);
            case FilterIntent fi:
                return await FilterAsync(obs, fi.Phrase, ct);
            case PriceRangeIntent pr:
                return await PriceRangeAsync(obs, pr.Range, ct);
            case MinRatingIntent mr:
                return await MinRatingAsync(obs, mr.Stars, ct);
            case CheckIntent ch:
                return await CheckAsync(obs, ch, ct);
            case ScrollIntent { Direction: ScrollDirection.Bottom }:
            {
                // "the bottom of the feed" on a list that loads more as you scroll is where it stops growing.
                var loads = await page.ScrollUntilLoadedAsync(ct);
                Record(loads > 0 ? $"scrolled to the bottom ({loads} more loads until nothing more came)" : "scrolled to the bottom");
                return null;
            }
            case ScrollIntent sc:
                await page.ScrollAsync(sc.Direction, ct);
                Record(ClauseGrammar.Describe(sc.Direction));
                return null;
            case MessageIntent msg:
                return await MessageAsync(obs, msg, ct);
            case ConfirmDialogIntent:
                return await ConfirmDialogAsync(obs, ct);
            case ScrollUntilLoadedIntent:
                var grew = await page.ScrollUntilLoadedAsync(ct);
                Record(grew > 0 ? $"scrolled until no more items loaded ({grew} loads)" : "scrolled to the bottom (nothing more loaded)");
                return null;
            case WaitIntent w:
                if (await page.WaitForTextAsync(w.Text, TimeSpan.FromSeconds(10), ct))
                {
                    Record($"waited for '{w.Text}'");
                    return null;
                }
                return NotSure($"'{w.Text}' did not appear within 10 s.");
            case PressIntent k:
                await page.PressAsync(k.Key, ct);
                Record($"pressed {k.Key}");
                return null;
            case SubmitIntent:
                return await SubmitAsync(obs, ct);
            case DraftPostIntent d:
                return await ComposeAsync(obs, d.Text, "save draft", ct);
            case PostIntent po:
                return await ComposeAsync(obs, po.Text, "publish", ct);
            case SetFieldIntent sf:
                return await SetFieldAsync(obs, sf, ct);
            case ActIntent act:
                return await GenericAsync(obs, act, ct);
            default:
                return NotSure($"'{intent.Clause}' is not something I can do yet.");
        }
    }

    // ------------------------------------------------------------------ grounding

    /// <summary>Scores every visible candidate for a name; ties broken by document order.</summary>
    internal static List<(PageElement E, double Score)> Rank(PageObservation obs, string target, IReadOnlyCollection<string> roles, string? scope, string? context)
    {
        var ranked = new List<(PageElement, double)>();
        var canonicalTarget = Lexicon.Canonical(target);
        var dialogOpen = obs.Elements.Any(e => e.Landmark == "dialog" && e.Visible && e.Role == "button")
                         && obs.DialogLabel is { } dl && !TextMatch.Normalize(dl).Contains("cookie", StringComparison.Ordinal);
        foreach (var e in obs.Elements)
        {
            if (!e.Visible || (roles.Count > 0 && !roles.Contains(e.Role)))
            {
                continue;
            }
            if (scope is not null && !e.In(scope))
            {
                continue;
            }
            var s = Math.Max(TextMatch.Score(target, e.Name), Math.Max(0.95 * TextMatch.Score(target, e.Label), 0.9 * TextMatch.Score(target, e.Placeholder)));
            if (s < 1 && e.Name.Length > 0 && (canonicalTarget != target || Lexicon.Canonical(e.Name) != e.Name))
            {
                // Words that mean the same on a page (the lexicon): "Add to Cart" is the "Add to bag" button, "Delete" the "Remove" one.
                s = Math.Max(s, 0.96 * TextMatch.Score(canonicalTarget, Lexicon.Canonical(e.Name)));
            }
            if (e.Role is "link" or "button" && e.Text.Length > 0 && e.Text != e.Name)
            {
                s = Math.Max(s, 0.85 * TextMatch.Score(target, e.Text));
            }
            if (s < Threshold)
            {
                // Landmark and context bonuses order good matches; they never make a poor name good enough.
                continue;
            }
            s += e.Landmark switch
            {
                "dialog" => 0.08,
                "main" => 0.05,
                "aside" => 0.02,
                "header" => 0.01,
                "nav" => 0,
                "footer" => -0.05,
                _ => 0.02,
            };
            if (dialogOpen && e.Landmark != "dialog")
            {
                s -= 0.1;
            }
            if (!e.Enabled)
            {
                s -= 0.25;
            }
            if (e.Sponsored)
            {
                s -= 0.05;
            }
            if (context is not null)
            {
                var ctx = TextMatch.Tokens(context);
                var near = TextMatch.Tokens((e.Section ?? "") + " " + (e.ItemText ?? "")).ToHashSet();
                if (ctx.Count > 0)
                {
                    s += 0.12 * ctx.Count(near.Contains) / ctx.Count;
                }
            }
            ranked.Add((e, s));
        }
        return [.. ranked.OrderByDescending(x => x.Item2).ThenBy(x => x.Item1.Id)];
    }

    private static PageElement? Pick(List<(PageElement E, double Score)> ranked, int? ordinal)
    {
        if (ranked.Count == 0 || ranked[0].Score < Threshold)
        {
            return null;
        }
        if (ordinal is null)
        {
            return ranked[0].E;
        }
        // "the second 'Add to Cart' button": the Nth of the equally good matches, in document order.
        var best = ranked[0].Score;
        var same = ranked.Where(x => x.Score >= best - 0.06).Select(x => x.E).OrderBy(e => e.Id).ToList();
        var index = ordinal.Value == -1 ? same.Count - 1 : ordinal.Value - 1;
        return index >= 0 && index < same.Count ? same[index] : null;
    }

    /// <summary>
    /// The place's words less its leading capitalised names ("H&amp;M", "Amazon") that appear nowhere on
    /// the page; null when there are none, or nothing would be left.
    /// </summary>
    internal static (string Place, string Dropped)? WithoutSiteName(PageObservation obs, string place)
    {
        var words = place.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var page = " " + TextMatch.Normalize(obs.Title + " " + obs.VisibleText + " " + string.Join(" ", obs.Elements.Select(e => e.Name))) + " ";
        var dropped = new List<string>();
        while (words.Count > 1 && (words[0].Any(char.IsUpper) || words[0].Contains('&')) && TextMatch.Normalize(words[0]) is { Length: > 0 } n
               && !page.Contains(" " + n + " ", StringComparison.Ordinal))
        {
            dropped.Add(words[0]);
            words.RemoveAt(0);
        }
        return dropped.Count == 0 ? null : (string.Join(' ', words), string.Join(' ', dropped));
    }

    /// <summary>What an action may change on a page, to tell whether it had any effect.</summary>
    private static string Fingerprint(PageObservation obs) =>
        string.Join("\u0001", obs.Url, obs.Title, obs.DialogLabel ?? "", obs.VisibleText, obs.Elements.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            string.Concat(obs.Elements.Select(e => e.Value + (e.Checked == true ? "1" : "0"))), string.Join("\u0002", obs.Alerts ?? []));

    /// <summary>Waits (bounded, about 1.5 s) for the page to differ from <paramref name="before"/>.</summary>
    private async Task<bool> ChangedAsync(string before, CancellationToken ct)
    {
        for (var i = 0; i < 6; i++)
        {
            if (Fingerprint(await page.ObserveAsync(ct)) != before)
            {
                return true;
            }
            await Task.Delay(250, ct);
        }
        return Fingerprint(await page.ObserveAsync(ct)) != before;
    }

    private static bool SamePage(string? href, string url) =>
        href is not null && Uri.TryCreate(href, UriKind.Absolute, out var a) && Uri.TryCreate(url, UriKind.Absolute, out var b)
        && a.GetLeftPart(UriPartial.Query) == b.GetLeftPart(UriPartial.Query) && a.Fragment.Length == 0;

    private async Task<Problem?> ClickTargetAsync(PageObservation obs, string target, int? ordinal, string? scope, string? context, CancellationToken ct,
        IReadOnlyCollection<string>? roles = null)
    {
        scope = ResolveScope(scope);
        var ranked = Rank(obs, target, roles ?? ClickRoles, scope, context);
        var element = Pick(ranked, ordinal);
        if (element is null && scope is not null && obs.Items.Count >= 5 && ranked.Count == 0)
        {
            // The record is not loaded yet on a list that grows as you scroll (a feed): load it, then look again.
            var loads = await page.ScrollUntilLoadedAsync(ct);
            if (loads > 0)
            {
                Record($"scrolled to load more ({loads} loads) looking for '{scope}'");
                obs = await ObserveAsync(ct);
                ranked = Rank(obs, target, roles ?? ClickRoles, scope, context);
                element = Pick(ranked, ordinal);
            }
        }
        if (element is null && scope is not null && roles is null && TextMatch.Tokens(target) is { Count: > 1 } words)
        {
            // In a row named by its id or its person ("cancel order 302" where the row says "#302"), the control is
            // usually named by the verb alone ("Cancel"): the row already says what it acts on.
            element = Pick(Rank(obs, words[0], ClickRoles, scope, context), ordinal);
        }
        if (element is null && scope is not null && roles is null)
        {
            // A per-row "⋯" menu: open the row's menu and look there.
            var opened = await OpenRowMenuAsync(obs, scope, ct);
            if (opened is not null)
            {
                obs = opened;
                var verb = TextMatch.Tokens(target).FirstOrDefault() ?? target;
                element = Pick(Rank(obs, target, ["menuitem"], null, context), ordinal) ?? Pick(Rank(obs, verb, ["menuitem"], null, context), ordinal);
            }
        }
        if (element is null && roles is null)
        {
            // Anything with that visible text (a card, a label) when no control is named so.
            element = Pick(Rank(obs, target, [], scope, context), ordinal);
        }
        if (element is null)
        {
            var where = scope is null ? "" : $" next to '{scope}'";
            var near = ranked.Take(3).Where(x => x.Score >= 0.4).Select(x => $"'{x.E.Name}'").ToList();
            return NotSure($"I could not find '{target}'{where} on this page ({obs.Title}).{(near.Count > 0 ? " Closest: " + string.Join(", ", near) + "." : "")}");
        }
        return await ActOnAsync(obs, element, scope, ct);
    }

    [GeneratedRegex(@"\b(?:my|our)\s+\w", RegexOptions.IgnoreCase)]
    private static partial Regex MyPlace();

    [GeneratedRegex(@"\b(?:not|don'?t|don’t|never|without|hold\s+off|back\s+out|abort|refrain)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Negations();

    [GeneratedRegex(@"""[^""]*""|“[^”]*”|(?<![A-Za-z])'[^']*'(?![A-Za-z])|‘[^’]*’")]
    private static partial Regex Unquoted();

    /// <summary>Clicks a grounded element: never a forbidden one; DONE only when the page changed; the page's own confirmation after.</summary>
    private async Task<Problem?> ActOnAsync(PageObservation obs, PageElement element, string? scope, CancellationToken ct, string? described = null)
    {
        if (IsForbidden(element.Name))
        {
            return new Problem(StepStatus.AskUser, $"Clicking '{element.Name}' is what the command says not to do; I stopped before it. Confirm in a new command if it should be done.");
        }
        if (element.Role == "link" && SamePage(element.Href, obs.Url))
        {
            Record($"already on '{element.Name}'");
            return null;
        }
        if (EmptyBeforeSending(obs, element) is { } empty)
        {
            // Pressing a form's or dialog's send with its required (or all its) fields empty sends nothing the user said.
            return new Problem(StepStatus.AskUser, $"'{element.Name}' would be sent with {string.Join(", ", empty.Select(f => $"'{f}'"))} empty and the command does not say what goes there. Nothing was sent.");
        }
        if (IsDestructive(element.Name) && _unreadNegation)
        {
            return new Problem(StepStatus.AskUser, $"The command says not to do something I could not read exactly, so I stopped before '{element.Name}'. Say it again plainly (\"… but do not confirm\") or confirm in a new command.");
        }
        if (AddsToBasket(element.Name) && UnchosenOption(obs) is { } unchosen)
        {
            // "Select size ▾" still showing: the page will refuse, and which size is the user's to say.
            return new Problem(StepStatus.AskUser, $"The page needs a {unchosen} chosen before '{element.Name}' and the command does not say which; nothing was added. Which {unchosen}?");
        }
        var before = Fingerprint(obs);
        var accept = IsDestructive(element.Name) && _lastIntent && !ConfirmingForbidden();
        page.AcceptNativeDialogs = accept;
        try
        {
            await ClickAsync(element, ct);
        }
        finally
        {
            page.AcceptNativeDialogs = false;
        }
        Record(described ?? $"clicked '{element.Name}'{(scope is null ? "" : $" next to '{scope}'")}");
        if (page.TakeNativeDialog() is { } asked)
        {
            // The browser's own confirm(): accepted only for the destructive action the command asked for, as its last step.
            if (accept)
            {
                Record($"confirmed the page's question '{asked}'");
            }
            else if (ConfirmingForbidden() && OnlyTheDialogAsked())
            {
                Record($"declined the page's question '{asked}', as told");
                return null;
            }
            else
            {
                return new Problem(ConfirmingForbidden() ? StepStatus.AskUser : StepStatus.NotSure,
                    $"The page asked '{asked}' and I declined it{(ConfirmingForbidden() ? ", as the command says not to confirm" : "")}: it is not done. Confirm in a new command if it should be done.");
            }
        }
        _openedDialog |= obs.DialogLabel is null && (await page.ObserveAsync(ct)).DialogLabel is not null;
        if (!await ChangedAsync(before, ct))
        {
            // DONE means the click did something: a control that changes nothing on the page is not done.
            return NotSure($"I clicked '{element.Name}' but nothing on the page changed, so I cannot say it worked.");
        }
        if (AddsToBasket(element.Name) && BasketCount(obs) is { } had && !await CountGrewAsync(had, ct))
        {
            // An "Add to bag" that changed the page but not the bag's count (a size asked for, a message) added nothing;
            // the page's own words say why, when it gave any.
            if (await RefusedAsync(ct) is { } refused)
            {
                return refused;
            }
            var now = BasketCount(await LatestAsync(ct));
            return NotSure($"I clicked '{element.Name}' but the {had.Label} still shows {now?.Count ?? had.Count}, so nothing was added.");
        }
        return await ConfirmOwnDialogAsync(element, ct);
    }

    private static readonly Regex SendingName = new(@"^\s*(?:send|submit|save|post|invite|create|add|apply|reply|publish|confirm|ok|done|update|sign\s*up|subscribe|register|join)\b", RegexOptions.IgnoreCase);

    /// <summary>
    /// The fields of the form or dialog <paramref name="button"/> sends that are left empty when they must not be: its
    /// required ones, or all of them when none is filled. Null when the button sends nothing or nothing is missing.
    /// </summary>
    internal static List<string>? EmptyBeforeSending(PageObservation obs, PageElement button)
    {
        if (button.Role != "button" || !(button.InputType == "submit" || SendingName.IsMatch(button.Name)) || (button.Landmark != "dialog" && button.Form is null))
        {
            return null;
        }
        var fields = obs.Elements.Where(e => e.Visible && e.Enabled && e.Id != button.Id
                && (button.Landmark == "dialog" ? e.Landmark == "dialog" : e.Form == button.Form)
                && (e.Tag is "textarea" || (e.Tag == "input" && e.InputType is null or "text" or "email" or "tel" or "url" or "number")))
            .ToList();
        if (fields.Count == 0 || fields.Any(e => e.Role == "searchbox" || e.InputType == "search"))
        {
            return null;
        }
        var required = fields.Where(e => e.Required && string.IsNullOrWhiteSpace(e.Value)).Select(Label).ToList();
        if (required.Count > 0)
        {
            return required;
        }
        return fields.All(e => string.IsNullOrWhiteSpace(e.Value)) ? [.. fields.Select(Label)] : null;
    }

    /// <summary>A choice the page still shows unmade ("Select size ▾", a select on "Choose a colour"): what it is, or null.</summary>
    internal static string? UnchosenOption(PageObservation obs) =>
        obs.Elements.Where(e => e.Visible && e.Landmark is "main" or "body" && (e.Tag == "select" || e.Role is "combobox" or "button" or "listbox"))
            .Select(e => Regex.Match((e.Tag == "select" ? e.Value : e.Text.Length > 0 ? e.Text : e.Name) ?? "", @"^\s*(?:please\s+)?(?:select|choose|pick)\s+(?:a\s+|an\s+|your\s+)?(?<what>size|colou?r|option|variant|style|fit|width|length|model|capacity|edition)\b", RegexOptions.IgnoreCase))
            .Where(m => m.Success).Select(m => m.Groups["what"].Value.ToLowerInvariant()).FirstOrDefault();

    private static bool AddsToBasket(string name) => Regex.IsMatch(name, @"\badd\b.*\b(?:cart|bag|basket|trolley)\b", RegexOptions.IgnoreCase);

    /// <summary>The site's cart (bag, basket) control, the header's first: "Cart (1)", "Bag, 3 items".</summary>
    private static PageElement? CartControl(PageObservation obs) =>
        obs.Elements.Where(e => e.Visible && e.Enabled && e.Role is "link" or "button" && !AddsToBasket(e.Name)
                && Regex.IsMatch(Lexicon.Canonical(e.Name), @"^\s*(?:my\s+|your\s+|view\s+|go\s+to\s+)?cart\b", RegexOptions.IgnoreCase))
            .OrderByDescending(e => e.Landmark is "header" or "nav" ? 1 : 0).ThenBy(e => e.Id).FirstOrDefault();

    /// <summary>The count the page's cart, bag or basket control shows ("Cart (2)", "Bag, 3 items"), the site's header first.</summary>
    internal static (string Label, int Count)? BasketCount(PageObservation obs)
    {
        var found = obs.Elements.Where(e => e.Visible && e.Role is "link" or "button" && !AddsToBasket(e.Name))
            .Select(e => (e, m: Regex.Match(e.Name, @"\b(cart|bag|basket|trolley)\b\D{0,20}?(\d{1,4})(?!\s*(?:%|\$|€|£|\.\d))|(\d{1,4})\s*(?:items?\s+in\s+(?:your\s+|the\s+)?)(cart|bag|basket|trolley)\b", RegexOptions.IgnoreCase)))
            .Where(x => x.m.Success)
            .OrderByDescending(x => x.e.Landmark is "header" or "nav" ? 1 : 0).ThenBy(x => x.e.Id)
            .Select(x => (Label: (x.m.Groups[1].Success ? x.m.Groups[1].Value : x.m.Groups[4].Value).ToLowerInvariant(),
                Count: int.Parse(x.m.Groups[2].Success ? x.m.Groups[2].Value : x.m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>Waits (bounded, about a second) for the basket's count to pass <paramref name="had"/>.</summary>
    private async Task<bool> CountGrewAsync((string Label, int Count) had, CancellationToken ct)
    {
        for (var i = 0; ; i++)
        {
            var now = BasketCount(await LatestAsync(ct));
            if (now is { } n && n.Count > had.Count)
            {
                return true;
            }
            if (i == 4)
            {
                return false;
            }
            await Task.Delay(250, ct);
            await page.ObserveAsync(ct);
        }
    }

    private static readonly string[] MenuButtonNames = ["more actions", "more", "actions", "options", "more options", "menu", "row actions", "⋯", "…", "..."];

    /// <summary>Opens the "⋯" / "More actions" menu button of the row or card that <paramref name="scope"/> names; the page after, or null.</summary>
    private async Task<PageObservation?> OpenRowMenuAsync(PageObservation obs, string scope, CancellationToken ct)
    {
        var button = obs.Elements.Where(e => e.Visible && e.Enabled && e.Role == "button"
                && e.In(scope))
            .Select(e => (e, s: MenuButtonNames.Max(n => TextMatch.Normalize(e.Name) == TextMatch.Normalize(n) ? 1.0 : TextMatch.Score(n, e.Name)) + (e.Name.Trim() is "⋯" or "…" or "..." ? 1 : 0)))
            .Where(x => x.s >= 0.9).OrderByDescending(x => x.s).ThenBy(x => x.e.Id).Select(x => x.e).FirstOrDefault();
        if (button is null)
        {
            return null;
        }
        await ClickAsync(button, ct);
        Record($"opened the '{button.Name}' menu of '{scope}'");
        var after = await page.ObserveAsync(ct);
        return after.Elements.Any(e => e.Visible && e.Role == "menuitem") ? after : null;
    }

    /// <summary>
    /// The clause asks only for the confirmation to come up ("Open the delete dialog for …", "Start cancelling order 302
    /// but keep the order", "… but cancel when asked to confirm"): with confirming forbidden, it is answered No and done.
    /// </summary>
    private bool OnlyTheDialogAsked() =>
        _forbidden.Any(f => f.Contains("when asked", StringComparison.OrdinalIgnoreCase))
        || Regex.IsMatch(_currentClause, @"^(?:open|start|begin|bring\s+up|show|initiate)\b|\b(?:dialog|modal|popup|prompt)\b", RegexOptions.IgnoreCase);

    /// <summary>Presses the open dialog's negative button (Cancel, Keep …, No, Close); done when the dialog closed.</summary>
    private async Task<Problem?> DismissDialogAsync(PageObservation obs, CancellationToken ct)
    {
        var no = obs.Elements.Where(e => e.Landmark == "dialog" && e.Visible && e.Enabled && e.Role == "button")
            .Where(e => TextMatch.Tokens(e.Name, keepStopWords: true).FirstOrDefault() is "cancel" or "keep" or "no" or "close" or "dismiss" or "back" or "not")
            .Where(e => !TextMatch.Tokens(e.Name).Contains("yes"))
            .OrderBy(e => e.Id).FirstOrDefault();
        if (no is null)
        {
            return new Problem(StepStatus.AskUser, $"The page asks '{obs.DialogLabel}' and the command says not to confirm, but I found no button to say no with; it is still open.");
        }
        await ClickAsync(no, ct);
        Record($"the page asked '{obs.DialogLabel}': pressed '{no.Name}' without confirming, as told");
        var after = await page.ObserveAsync(ct);
        return after.DialogLabel is null || after.DialogLabel != obs.DialogLabel ? null : NotSure($"I pressed '{no.Name}' but '{obs.DialogLabel}' is still open.");
    }

    /// <summary>A guard against confirming ("do not confirm anything", "don't click yes").</summary>
    private bool ConfirmingForbidden() =>
        _forbidden.Any(f => TextMatch.Tokens(f).Any(t => t is "confirm" or "yes" or "ok" or "approve" or "accept" or "proce"));

    /// <summary>
    /// After an asked-for destructive click ("delete John Smith", "cancel order 302"), the page's own
    /// confirmation — a "Delete John Smith?" dialog, or an inline "Confirm cancellation" in the same
    /// row — is confirmed: that is the action asked for. Nothing is confirmed for other clicks.
    /// </summary>
    private async Task<Problem?> ConfirmOwnDialogAsync(PageElement clicked, CancellationToken ct)
    {
        if (!IsDestructive(clicked.Name))
        {
            return null;
        }
        var obs = await page.ObserveAsync(ct);
        var verb = TextMatch.Tokens(clicked.Name).FirstOrDefault();
        PageElement? confirm;
        string how;
        if (obs.DialogLabel is not null && !TextMatch.Normalize(obs.DialogLabel).Contains("cookie", StringComparison.Ordinal))
        {
            if (!_lastIntent)
            {
                Record($"the page asks '{obs.DialogLabel}'");
                return null; // the command's next clause answers it
            }
            confirm = Affirmative(obs, verb);
            if (confirm is null)
            {
                return NotSure($"The page asks '{obs.DialogLabel}' and I could not tell which of its buttons confirms it, so I left it open.");
            }
            if ((IsForbidden(confirm.Name) || ConfirmingForbidden()) && OnlyTheDialogAsked())
            {
                return await DismissDialogAsync(obs, ct);
            }
            if (IsForbidden(confirm.Name) || ConfirmingForbidden())
            {
                return new Problem(StepStatus.AskUser,
                    $"The page asks '{obs.DialogLabel}' and the command says not to confirm, so I stopped with it open: it is not done yet. Confirm in a new command if it should be done.");
            }
            how = $"confirmed '{obs.DialogLabel}'";
        }
        else
        {
            var inline = obs.Elements.Where(e => e.Visible && e.Enabled && e.Role == "button" && e.Id != clicked.Id && !IsForbidden(e.Name)
                && TextMatch.Tokens(e.Name).FirstOrDefault() is "confirm" or "yes").ToList();
            confirm = inline.FirstOrDefault(e => clicked.ItemId is not null && e.ItemId == clicked.ItemId) ?? (inline.Count == 1 ? inline[0] : null);
            how = "confirmed";
        }
        if (confirm is not null)
        {
            if (ConfirmingForbidden())
            {
                return new Problem(StepStatus.AskUser, $"The page asks to confirm with '{confirm.Name}' and the command says not to confirm, so I stopped there.");
            }
            var before = Fingerprint(obs);
            await ClickAsync(confirm, ct);
            Record($"{how} with '{confirm.Name}'");
            if (!await ChangedAsync(before, ct))
            {
                return NotSure($"I pressed '{confirm.Name}' but nothing on the page changed, so I cannot say it was done.");
            }
        }
        return null;
    }

    /// <summary>The open dialog's affirmative button: "Yes, …", "Confirm …", "OK", or the clicked verb again ("Delete"); never Cancel / Keep / No.</summary>
    private static PageElement? Affirmative(PageObservation obs, string? verb) =>
        obs.Elements.Where(e => e.Landmark == "dialog" && e.Visible && e.Enabled && e.Role == "button")
            .Where(e => TextMatch.Tokens(e.Name, keepStopWords: true).FirstOrDefault() is { } first
                        && (first == verb || first is "confirm" or "yes" or "ok" or "continue" or "proce" || (verb is not null && TextMatch.Tokens(e.Name).Contains(verb)))
                        && first is not ("keep" or "no" or "close" or "back" or "dismiss")
                        && (first != "cancel" || (verb == "cancel" && TextMatch.Tokens(e.Name).Count > 1)))
            .OrderByDescending(e => TextMatch.Tokens(e.Name, keepStopWords: true).FirstOrDefault() is "yes" or "confirm" ? 1 : 0).ThenBy(e => e.Id)
            .FirstOrDefault();

    private async Task<Problem?> ConfirmDialogAsync(PageObservation obs, CancellationToken ct)
    {
        if (obs.DialogLabel is null || TextMatch.Normalize(obs.DialogLabel).Contains("cookie", StringComparison.Ordinal))
        {
            return NotSure("There is no confirmation open on this page to say yes to, so nothing was confirmed.");
        }
        var verb = TextMatch.Tokens(obs.DialogLabel).FirstOrDefault();
        var yes = Affirmative(obs, verb);
        if (yes is null)
        {
            return NotSure($"I could not tell which button of '{obs.DialogLabel}' confirms it, so nothing was confirmed.");
        }
        if (IsForbidden(yes.Name))
        {
            return new Problem(StepStatus.AskUser, $"Confirming means pressing '{yes.Name}', which the command says not to do; I stopped before it.");
        }
        var before = Fingerprint(obs);
        await ClickAsync(yes, ct);
        Record($"confirmed '{obs.DialogLabel}' with '{yes.Name}'");
        return await ChangedAsync(before, ct) ? null : NotSure($"I pressed '{yes.Name}' but nothing on the page changed, so I cannot say it was confirmed.");
    }

    private async Task<Problem?> MessageAsync(PageObservation obs, MessageIntent msg, CancellationToken ct)
    {
        var who = msg.Recipient ?? _lastQuery;
        if (msg.Text.Length == 0)
        {
            return new Problem(StepStatus.AskUser, $"What should the message{(who is null ? "" : $" to {who}")} say? Nothing was sent.");
        }
        if (who is null)
        {
            return new Problem(StepStatus.AskUser, $"Who should the message '{msg.Text}' go to? Nothing was sent.");
        }
        PageElement? FindMessageButton(PageObservation o) =>
            Pick(Rank(o, "message", ["button", "link", "menuitem"], who, null).Where(x => !TextMatch.Normalize(x.E.Name).StartsWith("messages", StringComparison.Ordinal)).ToList(), null);
        var button = FindMessageButton(obs);
        if (button is null && msg.Recipient is not null)
        {
            // Not listed here: find the person with the page's (people) search first.
            if (await SearchAsync(obs, who, ct, "people") is { } notFound)
            {
                return notFound;
            }
            obs = await ObserveAsync(ct);
            button = FindMessageButton(obs);
        }
        if (button is null)
        {
            return NotSure($"I could not find a way to message '{who}' on this page.");
        }
        await ClickAsync(button, ct);
        Record($"clicked '{button.Name}'");
        var open = await ObserveAsync(ct);
        var box = open.Elements.Where(e => e.Visible && e.Enabled && (e.Tag == "textarea" || FieldRoles.Contains(e.Role)) && e.InputType is not ("search" or "password"))
            .OrderByDescending(e => e.Landmark == "dialog" ? 2 : 0)
            .ThenByDescending(e => TextMatch.Score("message", (e.Label ?? "") + " " + (e.Placeholder ?? "") + " " + e.Name))
            .ThenBy(e => e.Id).FirstOrDefault();
        if (box is null || (open.DialogLabel is not null && box.Landmark != "dialog"))
        {
            return NotSure($"'{button.Name}' opened nothing I could type the message into.");
        }
        await page.FillAsync(box.Id, msg.Text, ct);
        Record($"typed '{msg.Text}' into {Label(box)}");
        var typed = await page.ObserveAsync(ct);
        if (typed.Elements.FirstOrDefault(e => e.Id == box.Id)?.Value is { } kept && TextMatch.Normalize(kept) != TextMatch.Normalize(msg.Text))
        {
            return NotSure($"{Cap(Label(box))} did not keep '{msg.Text}' (it shows '{kept}').");
        }
        if (IsForbidden("send") || IsForbidden("send message") || IsForbidden("publish"))
        {
            Record("did not send it, as told");
            return null;
        }
        var send = typed.Elements.Where(e => e.Visible && e.Enabled && e.Role == "button" && (box.Landmark != "dialog" || e.Landmark == "dialog"))
            .Select(e => (e, s: Math.Max(TextMatch.Score("send", e.Name), Lexicon.Synonyms("send", e.Name) ? 0.9 : 0)))
            .Where(x => x.s >= 0.75).OrderByDescending(x => x.s).ThenBy(x => x.e.Id).Select(x => x.e).FirstOrDefault();
        if (send is null)
        {
            return NotSure($"I typed the message to '{who}' but found no Send button, so it was not sent.");
        }
        var before = Fingerprint(typed);
        await ClickAsync(send, ct);
        Record($"pressed '{send.Name}'");
        return await ChangedAsync(before, ct) ? null : NotSure($"I pressed '{send.Name}' but nothing changed, so the message to '{who}' may not have been sent.");
    }

    private async Task ClickAsync(PageElement e, CancellationToken ct)
    {
        await page.ClickAsync(e.Id, ct);
    }

    private bool IsForbidden(string? name) => _forbidden.Any(f => TextMatch.GuardForbids(f, name));

    private static bool IsDestructive(string name) => Destructive.Any(d => TextMatch.ContainsAll(name, d));

    /// <summary>The page as seen by one form: its own fields and controls, and whatever belongs to no form.</summary>
    private static PageObservation InForm(PageObservation obs, string form) =>
        obs with { Elements = [.. obs.Elements.Where(e => e.Form == form || e.Form is null && !(FieldRoles.Contains(e.Role) || e.Tag is "select" or "textarea"))] };

    private PageElement? FindField(PageObservation obs, string? field, string? scope = null)
    {
        if (field is null)
        {
            var boxes = obs.Elements.Where(e => e.Visible && e.Enabled && (FieldRoles.Contains(e.Role) || e.Tag == "textarea") && e.InputType != "password").ToList();
            if (obs.DialogLabel is not null && boxes.Where(e => e.Landmark == "dialog").ToList() is { Count: 1 } inDialog)
            {
                return inDialog[0]; // "type 'Running late'" with a message box open: the box in the dialog
            }
            return boxes.Count == 1 ? boxes[0] : null;
        }
        if (scope is not null)
        {
            // "the email field of the contact form": a field of the form (section) those words name, when there is one.
            var words = string.Join(' ', TextMatch.Tokens(scope).Where(t => t is not "form"));
            var scoped = Rank(obs, field, FieldRoles, null, null).Where(x => words.Length == 0 || TextMatch.Score(words, x.E.Section) >= 0.6).ToList();
            if (Pick(scoped, null) is { } inForm)
            {
                return inForm;
            }
        }
        var ranked = Rank(obs, field, FieldRoles, null, null);
        // A field is also known by its input type ("the email field" is the type=email input), or by another of its names ("topic" for Subject).
        var byType = obs.Elements.Where(e => e.Visible && e.Enabled && e.InputType is not null && TextMatch.Score(field, e.InputType) >= 0.97).ToList();
        return Pick(ranked, null) ?? (byType.Count == 1 ? byType[0] : null)
            ?? Lexicon.FieldAlternatives(field).Select(alt => Pick(Rank(obs, alt, FieldRoles, null, null), null)).FirstOrDefault(e => e is not null);
    }

    private async Task<Problem?> TypeAsync(PageObservation obs, string text, string? field, CancellationToken ct, string? scope = null)
    {
        var box = FindField(obs, field, scope);
        if (box is null)
        {
            return field is null
                ? new Problem(StepStatus.AskUser, $"Which field should '{text}' go into? Name it, e.g. type \"{text}\" into \"Search\".")
                : NotSure($"I could not find a field named '{field}'{(scope is null ? "" : $" in the {scope}")} on this page.");
        }
        if (box.Tag == "select")
        {
            return await ChooseAsync(box, text, ct);
        }
        if (box.InputType is "checkbox" or "radio")
        {
            var on = !Regex.IsMatch(text, @"^(?:no|false|off|unchecked|0)$", RegexOptions.IgnoreCase);
            await page.SetCheckedAsync(box.Id, on, ct);
            Record($"{(on ? "checked" : "unchecked")} '{Label(box)}'");
            return null;
        }
        await page.FillAsync(box.Id, text, ct);
        Record($"typed {Shown(box, text)} into {Label(box)}");
        _editedInDialog |= _openedDialog && box.Landmark == "dialog";
        // The value must read back: a field that refuses or reformats it has not been filled as asked.
        var after = (await page.ObserveAsync(ct)).Elements.FirstOrDefault(e => e.Id == box.Id);
        if (after?.Value is { } kept && !SecretRedactor.IsPasswordField(box) && TextMatch.Normalize(kept) != TextMatch.Normalize(text))
        {
            return NotSure($"{Cap(Label(box))} did not keep {Shown(box, text)} (it shows '{kept}').");
        }
        return null;
    }

    /// <summary>Chooses the option of a select that best means <paramref name="wanted"/>, then checks that the select shows it.</summary>
    private async Task<Problem?> ChooseAsync(PageElement select, string wanted, CancellationToken ct)
    {
        var chosen = select.Options.Select(o => (o, s: Lexicon.OptionScore(wanted, o))).OrderByDescending(x => x.s).ThenBy(x => select.Options.ToList().IndexOf(x.o)).FirstOrDefault();
        if (chosen.o is null || chosen.s < Threshold)
        {
            return NotSure($"'{Label(select)}' has no option like '{wanted}' (options: {string.Join(", ", select.Options.Take(8))}).");
        }
        await page.SelectAsync(select.Id, chosen.o, ct);
        _editedInDialog |= _openedDialog && select.Landmark == "dialog";
        Record($"chose '{chosen.o}' in {Label(select)}{(TextMatch.Normalize(chosen.o) == TextMatch.Normalize(wanted) ? "" : $" (closest to '{wanted}')")}");
        var after = await page.ObserveAsync(ct);
        var shown = after.Elements.FirstOrDefault(e => e.Id == select.Id)
                    ?? after.Elements.FirstOrDefault(e => e.Tag == "select" && e.Options.SequenceEqual(select.Options));
        if (shown?.Value is { } v && TextMatch.Normalize(v) != TextMatch.Normalize(chosen.o))
        {
            return NotSure($"{Cap(Label(select))} does not show '{chosen.o}' after choosing it (it shows '{v}').");
        }
        return null;
    }

    /// <summary>A typed value as a message may show it: quoted, or <see cref="SecretRedactor.Mask"/> for a password field (remembered as a secret).</summary>
    private string Shown(PageElement field, string text)
    {
        if (!SecretRedactor.IsPasswordField(field))
        {
            return $"'{text}'";
        }
        _secrets.Add(text);
        return SecretRedactor.Mask;
    }

    private static string Label(PageElement e) => !string.IsNullOrWhiteSpace(e.Label) ? e.Label! : !string.IsNullOrWhiteSpace(e.Name) ? e.Name : e.Placeholder ?? "the field";

    private async Task<Problem?> SearchAsync(PageObservation obs, string query, CancellationToken ct, string? which = null)
    {
        var box = obs.Elements.Where(e => e.Visible && e.Enabled && FieldRoles.Contains(e.Role))
            .Select(e => (e, s: (e.Role == "searchbox" || e.InputType == "search" ? 1.0 : Math.Max(TextMatch.Score("search", e.Name), Math.Max(TextMatch.Score("search", e.Placeholder), TextMatch.Score("search", e.Label))))
                + (which is null ? 0 : 0.5 * Math.Max(TextMatch.Score(which, e.Name), Math.Max(TextMatch.Score(which, e.Label), TextMatch.Score(which, e.Placeholder))))))
            .Where(x => x.s >= 0.6).OrderByDescending(x => x.s).ThenBy(x => x.e.Id).Select(x => x.e).FirstOrDefault();
        if (box is null)
        {
            return NotSure($"I could not find a search box on this page to search for '{query}'.");
        }
        if (!await page.FillAndEnterAsync(box.Id, query, ct))
        {
            return NotSure($"{Cap(Label(box))} did not keep the text '{query}' (the page cleared it), so I did not search.");
        }
        Record($"typed '{query}' into {Label(box)}, pressed Enter");
        _lastQuery = query;
        var after = await ObserveAsync(ct);
        if (NoResults(after, query))
        {
            return NotSure($"The search found no results for '{query}' ({after.Title}), so there is nothing to open or add.");
        }
        return null;
    }

    private static readonly System.Text.RegularExpressions.Regex NoResultsRe = new(
        @"\b(?:no|0|zero)\s+(?:results?|items?\s+found|products?\s+found|products?\s+match|matches|matching\s+\w+)\b|\bnothing\s+(?:was\s+)?found\b|\bdid\s*n[o']?t\s+match\s+any|\bcould\s*n[o']?t\s+find\s+any|\bno\s+\w+\s+match(?:ed)?\s+your",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>The page says the search found nothing ("0 results for …", "No results for …").</summary>
    internal static bool NoResults(PageObservation obs, string query) =>
        NoResultsRe.IsMatch(obs.Title + " \n " + string.Join(" \n ", obs.Headings) + " \n " + obs.VisibleText);

    /// <summary>Whether a list item answers the search just made: at least one of its words (or the item says so).</summary>
    private static bool Answers(ListItem item, string query)
    {
        var wanted = TextMatch.Tokens(query);
        var have = TextMatch.Tokens(item.Text, keepStopWords: true).ToHashSet();
        return wanted.Count == 0 || wanted.Any(have.Contains);
    }

    private async Task<Problem?> OpenResultAsync(PageObservation obs, int ordinal, CancellationToken ct)
    {
        var items = MainList(obs);
        if (_lastQuery is { } searched && (items.Count == 0 || !Answers(items[0], searched)) && ResultLinks(obs, searched) is { Count: > 0 } links)
        {
            // A search that found one or two things shows no repeated list: its results are the main content's links that answer it.
            var pick = ordinal == -1 ? links[^1] : ordinal - 1 < links.Count ? links[ordinal - 1] : null;
            if (pick is null)
            {
                return NotSure($"The search for '{searched}' shows {links.Count} result{(links.Count == 1 ? "" : "s")}; there is no result number {ordinal}.");
            }
            return await OpenedAsync(obs, pick, ct);
        }
        if (items.Count == 0)
        {
            return NotSure("I could not find a list of results on this page to open one of.");
        }
        var index = ordinal == -1 ? items.Count - 1 : ordinal - 1;
        if (index < 0 || index >= items.Count)
        {
            return NotSure($"The list on this page has {items.Count} items; there is no item number {ordinal}.");
        }
        var item = items[index];
        if (_lastQuery is { } q && !Answers(item, q))
        {
            // After a search, a list whose items do not match it is not the results (a category menu, "recommended"): never open it.
            return NotSure($"There are no results for '{q}' on this page to open: the list here starts with '{Short(item.Text)}', which does not match.");
        }
        var link = obs.Elements.Where(e => e.ItemId == item.Id && e.Visible && e.Role == "link" && e.Name.Length > 0)
            .OrderByDescending(e => TextMatch.Score(e.Name, item.Text) > 0 ? e.Name.Length : 0)
            .ThenBy(e => e.Id).FirstOrDefault();
        if (link is null)
        {
            return NotSure($"Item {ordinal} of the list has no link to open.");
        }
        return await OpenedAsync(obs, link, ct);
    }

    /// <summary>
    /// "the cheapest one", "the most expensive one", "the best rated": the result of the main list whose shown price (or
    /// rating) is the least or most; every item must show one, else nothing is guessed.
    /// </summary>
    private async Task<Problem?> OpenBestAsync(PageObservation obs, string best, CancellationToken ct)
    {
        var items = MainList(obs);
        if (items.Count == 0)
        {
            return NotSure($"I could not find a list of results on this page to open the {best} one of.");
        }
        var rated = best == "best rated";
        var valued = items.Select(i => (item: i, v: rated ? RatingIn(i.Text) : PriceIn(i.Text))).ToList();
        if (valued.Any(x => x.v is null))
        {
            return NotSure($"Not every result on this page shows its {(rated ? "rating" : "price")}, so I cannot tell which is the {best}.");
        }
        var pick = (best == "cheapest" ? valued.OrderBy(x => x.v) : valued.OrderByDescending(x => x.v)).ThenBy(x => x.item.Index).First().item;
        var link = obs.Elements.Where(e => e.ItemId == pick.Id && e.Visible && e.Role == "link" && e.Name.Length > 0)
            .OrderByDescending(e => e.Name.Length).ThenBy(e => e.Id).FirstOrDefault();
        return link is null ? NotSure($"The {best} result has no link to open.") : await OpenedAsync(obs, link, ct);
    }

    internal static double? PriceIn(string text)
    {
        var m = Regex.Match(text, @"(?:\$|€|£)\s?(?<n>\d{1,3}(?:,\d{3})*(?:\.\d{1,2})?)");
        return m.Success ? double.Parse(m.Groups["n"].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    internal static double? RatingIn(string text)
    {
        var m = Regex.Match(text, @"(?<n>[0-5](?:\.\d)?)\s*(?:out\s+of\s+5|/\s*5|stars?|★)", RegexOptions.IgnoreCase);
        return m.Success ? double.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Opens a result: done when the page moved to it (its address, title or headings changed), never on the click alone.</summary>
    private async Task<Problem?> OpenedAsync(PageObservation obs, PageElement link, CancellationToken ct)
    {
        var before = Fingerprint(obs);
        await ClickAsync(link, ct);
        Record($"opened '{link.Name}'");
        return await ChangedAsync(before, ct) ? null : NotSure($"I clicked '{link.Name}' but the page did not change, so it did not open.");
    }

    /// <summary>
    /// Links of the main content (not the site's header, navigation, sidebar or footer) whose text
    /// answers the search just made, in reading order: the results when there are too few to repeat.
    /// A link must share most of the query's words, so a category or filter link never counts.
    /// </summary>
    internal static List<PageElement> ResultLinks(PageObservation obs, string query)
    {
        var wanted = TextMatch.Tokens(query);
        if (wanted.Count == 0)
        {
            return [];
        }
        return [.. obs.Elements
            .Where(e => e.Visible && e.Role == "link" && e.Name.Length > 0 && !e.Sponsored && e.Landmark is "main" or "body" && !IsChromeText(e.Name))
            .Where(e =>
            {
                var have = TextMatch.Tokens(e.Name, keepStopWords: true).ToHashSet();
                return wanted.Count(have.Contains) * 2 >= wanted.Count;
            })
            .OrderBy(e => e.Y).ThenBy(e => e.Id)];
    }

    private static bool IsChromeText(string name) => Regex.IsMatch(name, @"^(?:home|back|next|previous|skip\b.*|search|clear.*)$", RegexOptions.IgnoreCase);

    /// <summary>The biggest repeated list in the main content, sponsored items and the site's chrome (sidebar filters, navigation, header, footer) left out.</summary>
    internal static List<ListItem> MainList(PageObservation obs)
    {
        var lists = obs.Items.Where(i => !i.Sponsored && i.Landmark is not ("aside" or "nav" or "header" or "footer")).GroupBy(i => i.ListId)
            .Select(g => (items: g.OrderBy(i => i.Index).ToList(), main: g.First().Landmark is "main" or "body"))
            .Where(g => obs.Elements.Any(e => e.Role == "link" && e.ItemId == g.items[0].Id))
            .OrderByDescending(g => g.main).ThenByDescending(g => g.items.Count).ToList();
        return lists.Count == 0 ? [] : lists[0].items;
    }

    private async Task<Problem?> AddToAsync(PageObservation obs, AddToIntent a, CancellationToken ct)
    {
        var button = a.Destination == "cart" ? "Add to Cart" : "Add to Wish List";
        if (a.Quantity is { } quantity)
        {
            // "Add two of these": the page's quantity field first, read back.
            var qty = obs.Elements.FirstOrDefault(e => e.Visible && e.Enabled && (e.Role == "spinbutton" || e.InputType == "number")
                && Regex.IsMatch((e.Label ?? "") + " " + e.Name, @"\b(?:quantity|qty|amount)\b", RegexOptions.IgnoreCase));
            if (qty is null)
            {
                return NotSure($"I could not find a quantity field on this page to add {quantity}.");
            }
            await page.FillAsync(qty.Id, quantity.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
            Record($"set {Label(qty)} to {quantity}");
            obs = await ObserveAsync(ct);
            if (obs.Elements.FirstOrDefault(e => e.Id == qty.Id)?.Value != quantity.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                return NotSure($"{Cap(Label(qty))} did not keep {quantity}.");
            }
        }
        if (a.Ordinal is { } n)
        {
            var items = MainList(obs);
            var index = n == -1 ? items.Count - 1 : n - 1;
            if (index < 0 || index >= items.Count)
            {
                return NotSure($"There is no item number {n} in the list on this page.");
            }
            var inItem = Rank(obs, button, ClickRoles, null, null).FirstOrDefault(x => x.E.ItemId == items[index].Id && x.Score >= Threshold).E;
            if (inItem is null)
            {
                var open = await OpenResultAsync(obs, n, ct);
                return open ?? await ClickTargetAsync(await ObserveAsync(ct), button, null, null, null, ct);
            }
            return await ActOnAsync(obs, inItem, null, ct, $"clicked '{inItem.Name}' on item {n}");
        }
        if (a.Product is { } product)
        {
            var scoped = Pick(Rank(obs, button, ClickRoles, product, null), null);
            if (scoped is not null)
            {
                return await ActOnAsync(obs, scoped, null, ct, $"clicked '{scoped.Name}' for '{product}'");
            }
            var open = await ClickTargetAsync(obs, product, null, null, null, ct, roles: ["link"]);
            if (open is not null)
            {
                // Not on this page: search for it, then open it by name.
                if (await SearchAsync(obs, product, ct) is not null)
                {
                    return open;
                }
                var opened = await ClickTargetAsync(await ObserveAsync(ct), product, null, null, null, ct, roles: ["link"]);
                if (opened is not null)
                {
                    return opened;
                }
            }
        }
        var here = await ObserveAsync(ct);
        var doneBefore = _done.Count;
        var added = await ClickTargetAsync(here, button, null, null, null, ct);
        if (added is { Status: StepStatus.NotSure } && _done.Count == doneBefore && a.Destination != "cart"
            && Pick(Rank(here, "Save for later", ClickRoles, null, null), null) is { } later)
        {
            return await ActOnAsync(here, later, null, ct); // a shop's wish list is often its "Save for later"
        }
        return added;
    }

    private async Task<Problem?> ConfirmAsync(PageObservation obs, string thing, CancellationToken ct)
    {
        string[] verbs = ["use this", "confirm", "continue", "select", "deliver to this", "ship to this", "ok", "yes", "save"];
        var best = obs.Elements.Where(e => e.Visible && e.Enabled && e.Role is "button" or "link" && !IsForbidden(e.Name))
            .Select(e => (e, s: verbs.Max(v => TextMatch.Score(v, e.Name)) * 0.7
                + 0.3 * Math.Max(TextMatch.Score(thing, e.Name), TextMatch.Score(thing, (e.Section ?? "") + " " + e.Name))))
            .Where(x => x.s >= 0.5).OrderByDescending(x => x.s).ThenBy(x => x.e.Id).FirstOrDefault();
        if (best.e is null)
        {
            return NotSure($"I could not find a button to confirm {thing} on this page.");
        }
        await ClickAsync(best.e, ct);
        Record($"confirmed {thing} ('{best.e.Name}')");
        return null;
    }

    private async Task<Problem?> SelectAsync(PageObservation obs, string option, string? field, CancellationToken ct, string? scope = null)
    {
        scope = ResolveScope(scope);
        bool InScope(PageElement e) => scope is null || e.In(scope);
        var selects = obs.Elements.Where(e => e.Visible && e.Enabled && e.Tag == "select" && InScope(e)).ToList();
        var target = field is null
            ? selects.Select(s => (s, score: s.Options.Max(o => (double?)Lexicon.OptionScore(option, o)) ?? 0)).Where(x => x.score >= 0.75)
                .OrderByDescending(x => x.score).Select(x => x.s).FirstOrDefault()
            : Pick(Rank(obs, field, ["combobox", "listbox"], scope, null), null);
        if (scope is not null && target is null && !obs.Elements.Any(e => e.Visible && InScope(e)))
        {
            return NotSure($"I could not find a row or card for '{scope}' on this page, so nothing was changed.");
        }
        if (target is not null && target.Tag != "select" && target.Role == "combobox")
        {
            // A custom dropdown (a combobox that opens a listbox): open it, then choose the option that means the words.
            return await ChooseFromDropdownAsync(target, option, ct);
        }
        if (target is null || target.Tag != "select")
        {
            if (scope is not null && field is not null)
            {
                return NotSure($"I could not find a '{field}' control for '{scope}' on this page, so nothing was changed.");
            }
            if (field is not null && FindField(obs, field, null) is { Tag: not "select", Role: "textbox" or "spinbutton" })
            {
                // "Set the quantity to 3": a field, not a list of options — typed, and read back.
                return await TypeAsync(obs, option, field, ct);
            }
            return await ClickTargetAsync(obs, option, null, scope ?? field, null, ct);
        }
        return await ChooseAsync(target, option, ct);
    }

    /// <summary>Opens a custom dropdown (ARIA combobox → listbox) and clicks the option that best means <paramref name="wanted"/>; checks the choice shows.</summary>
    private async Task<Problem?> ChooseFromDropdownAsync(PageElement opener, string wanted, CancellationToken ct)
    {
        await ClickAsync(opener, ct);
        var open = await page.ObserveAsync(ct);
        var best = open.Elements.Where(e => e.Visible && e.Role is "option" or "menuitem" or "menuitemradio" or "radio")
            .Select(e => (e, s: Lexicon.OptionScore(wanted, e.Name))).Where(x => x.s >= Threshold)
            .OrderByDescending(x => x.s).ThenBy(x => x.e.Id).Select(x => x.e).FirstOrDefault();
        if (best is null)
        {
            var shown = open.Elements.Where(e => e.Visible && e.Role == "option").Select(e => e.Name).Take(8).ToList();
            return NotSure($"'{Label(opener)}' has no option like '{wanted}'{(shown.Count > 0 ? " (options: " + string.Join(", ", shown) + ")" : "")}.");
        }
        if (IsForbidden(best.Name))
        {
            return new Problem(StepStatus.AskUser, $"Choosing '{best.Name}' is what the command says not to do; I stopped before it.");
        }
        var before = Fingerprint(open);
        await ClickAsync(best, ct);
        Record($"chose '{best.Name}' in {Label(opener)}{(TextMatch.Normalize(best.Name) == TextMatch.Normalize(wanted) ? "" : $" (closest to '{wanted}')")}");
        return await ChangedAsync(before, ct) ? null : NotSure($"I chose '{best.Name}' but nothing on the page changed, so I cannot say it was chosen.");
    }

    private async Task<Problem?> SortAsync(PageObservation obs, string by, CancellationToken ct)
    {
        // "the best rated headphones first" asks for an ordering ("rating"); the noun is the list already shown.
        by = Lexicon.SortKey(by);
        var select = obs.Elements.Where(e => e.Visible && e.Tag == "select")
            .Select(e => (e, s: (TextMatch.Score("sort", Label(e)) >= 0.6 ? 0.3 : 0) + (e.Options.Max(o => (double?)Lexicon.OptionScore(by, o)) ?? 0)))
            .Where(x => x.s >= 0.75).OrderByDescending(x => x.s).ThenBy(x => x.e.Id).Select(x => x.e).FirstOrDefault();
        if (select is not null)
        {
            return await ChooseAsync(select, by, ct);
        }
        // A sort offered as links, tabs or segmented buttons: the one whose name means the words.
        var control = obs.Elements.Where(e => e.Visible && e.Enabled && ClickRoles.Contains(e.Role))
            .Select(e => (e, s: Lexicon.OptionScore(by, e.Name))).Where(x => x.s >= Threshold)
            .OrderByDescending(x => x.s).ThenBy(x => x.e.Id).Select(x => x.e).FirstOrDefault();
        if (control is null)
        {
            // A custom sort dropdown ("Sort by: Featured ▾", an ARIA combobox over a hidden listbox): open it and choose there.
            var opener = obs.Elements.Where(e => e.Visible && e.Enabled && e.Role is "combobox" or "button" && e.Tag != "select" && e.Tag != "input")
                .Select(e => (e, s: Math.Max(TextMatch.Score("sort", e.Name), TextMatch.Score("sort", e.Label))))
                .Where(x => x.s >= 0.6).OrderByDescending(x => x.s).ThenBy(x => x.e.Id).Select(x => x.e).FirstOrDefault();
            if (opener is not null)
            {
                return await ChooseFromDropdownAsync(opener, by, ct);
            }
        }
        return control is null
            ? NotSure($"I could not find a way to sort by '{by}' on this page.")
            : await ClickTargetAsync(obs, control.Name, null, null, null, ct);
    }

    private async Task<Problem?> FilterAsync(PageObservation obs, string phrase, CancellationToken ct)
    {
        var ranked = Rank(obs, phrase, ClickRoles, null, null);
        var element = Pick(ranked, null);
        if (element is null)
        {
            return NotSure($"I could not find a filter like '{phrase}' on this page.");
        }
        if (element.Role == "checkbox")
        {
            await page.SetCheckedAsync(element.Id, true, ct);
        }
        else
        {
            await ClickAsync(element, ct);
        }
        Record($"filtered by '{element.Name}'");
        return null;
    }

    private static readonly string[] MinFieldWords = ["min", "minimum", "min price", "minimum price", "price from", "low", "lowest price"];
    private static readonly string[] MaxFieldWords = ["max", "maximum", "max price", "maximum price", "price to", "high", "highest price"];
    private static readonly string[] ApplyWords = ["go", "apply", "ok", "update", "filter", "set", "search", "submit", "apply filter", "show results", "›", "→", ">"];

    /// <summary>
    /// A price range, by what the page offers: a control that states exactly those bounds ("$25 to $50", "Under $25"),
    /// else the min/max fields (filled, read back) and their Go / Apply button (or Enter). Done only when the page changed.
    /// </summary>
    private async Task<Problem?> PriceRangeAsync(PageObservation obs, PriceRange range, CancellationToken ct)
    {
        var exact = obs.Elements
            .Where(e => e.Visible && e.Enabled && ClickRoles.Contains(e.Role) && e.Role != "tab" && Ranges.Of(e.Name) == range && !IsForbidden(e.Name))
            .OrderBy(e => e.Landmark is "main" or "aside" or "body" ? 0 : 1).ThenBy(e => e.Id).FirstOrDefault();
        if (exact is not null)
        {
            if (exact.Checked == true)
            {
                Record($"the price is already {range} ('{exact.Name}')");
                return null;
            }
            return await ActOnAsync(obs, exact, null, ct);
        }
        var select = obs.Elements.Where(e => e.Visible && e.Enabled && e.Tag == "select" && e.Options.Any(o => Ranges.Of(o) == range)).FirstOrDefault();
        if (select is not null)
        {
            return await ChooseAsync(select, select.Options.First(o => Ranges.Of(o) == range), ct);
        }
        var fields = obs.Elements.Where(e => e.Visible && e.Enabled && e.Role is "textbox" or "spinbutton" && e.InputType is null or "number" or "text" or "tel").ToList();
        PageElement? Bound(string[] words) => fields
            .Select(e => (e, s: words.Max(w => Math.Max(TextMatch.Score(w, e.Name), Math.Max(TextMatch.Score(w, e.Label), TextMatch.Score(w, e.Placeholder))))))
            .Where(x => x.s >= 0.8).OrderByDescending(x => x.s).ThenBy(x => x.e.Id).Select(x => x.e).FirstOrDefault();
        var minField = Bound(MinFieldWords);
        var maxField = Bound(MaxFieldWords);
        if (minField is not null && maxField is not null && minField.Id == maxField.Id)
        {
            return NotSure($"I could not tell the page's lowest-price and highest-price fields apart, so I did not set the price to {range}.");
        }
        if ((range.Min is not null && minField is null) || (range.Max is not null && maxField is null))
        {
            var offered = obs.Elements.Where(e => e.Visible && ClickRoles.Contains(e.Role) && Ranges.Of(e.Name) is not null).Select(e => $"'{e.Name}'").Take(6).ToList();
            return NotSure($"I could not find a way to set the price to {range} on this page{(offered.Count > 0 ? " (it offers " + string.Join(", ", offered) + ")" : "")}.");
        }
        var filled = new List<(PageElement Field, string Value)>();
        foreach (var (field, bound) in new[] { (minField, range.Min), (maxField, range.Max) })
        {
            if (field is null || (bound is null && string.IsNullOrEmpty(field.Value)))
            {
                continue;
            }
            var value = PriceRange.Format(bound);
            await page.FillAsync(field.Id, value, ct);
            filled.Add((field, value));
        }
        var now = await page.ObserveAsync(ct);
        foreach (var (field, value) in filled)
        {
            var shown = now.Elements.FirstOrDefault(e => e.Id == field.Id)?.Value;
            if (shown is not null && TextMatch.Normalize(shown) != TextMatch.Normalize(value))
            {
                return NotSure($"{Cap(Label(field))} did not keep '{value}' (it shows '{shown}'), so the price was not set.");
            }
        }
        var last = filled[^1].Field;
        var apply = now.Elements
            .Where(e => e.Visible && e.Enabled && e.Role is "button" or "link" && !IsForbidden(e.Name)
                && ((last.Form is not null && e.Form == last.Form) || (last.Section is not null && e.Section == last.Section) || Math.Abs(e.Y - last.Y) < 60))
            .Select(e => (e, s: ApplyWords.Max(w => TextMatch.Normalize(e.Name) == TextMatch.Normalize(w) && w.Length > 0 ? 1.0 : TextMatch.Score(w, e.Name))))
            .Where(x => x.s >= 0.8).OrderByDescending(x => x.s).ThenBy(x => Math.Abs(x.e.Y - last.Y)).Select(x => x.e).FirstOrDefault();
        var before = Fingerprint(now);
        var set = string.Join(", ", filled.Select(f => $"{Label(f.Field)} '{f.Value}'"));
        if (apply is not null)
        {
            await ClickAsync(apply, ct);
            Record($"set the price to {range} ({set}), clicked '{apply.Name}'");
        }
        else
        {
            await page.FillAndEnterAsync(last.Id, filled[^1].Value, ct);
            Record($"set the price to {range} ({set}), pressed Enter");
        }
        return await ChangedAsync(before, ct) ? null : NotSure($"I set the price to {range} but nothing on the page changed, so I cannot say the filter applied.");
    }

    /// <summary>"4 stars and up": the control whose name states that minimum rating ("★★★★ &amp; up", "4 Stars &amp; Up"); ticked once, never toggled off.</summary>
    private async Task<Problem?> MinRatingAsync(PageObservation obs, int stars, CancellationToken ct)
    {
        var control = obs.Elements
            .Where(e => e.Visible && e.Enabled && ClickRoles.Contains(e.Role) && Ranges.FindMinRating(StarWords(e.Name))?.Stars == stars && !IsForbidden(e.Name))
            .OrderBy(e => e.Landmark is "main" or "aside" or "body" ? 0 : 1).ThenBy(e => e.Id).FirstOrDefault();
        if (control is null)
        {
            return NotSure($"I could not find a '{stars} stars and up' filter on this page.");
        }
        if (control.Checked == true)
        {
            Record($"'{control.Name}' is already on");
            return null;
        }
        return await ActOnAsync(obs, control, null, ct);
    }

    /// <summary>Star glyphs as words: "★★★★ &amp; up" → "4 stars &amp; up".</summary>
    internal static string StarWords(string name) =>
        Regex.Replace(name, @"★+☆*", m => $" {m.Value.Count(ch => ch == '★').ToString(System.Globalization.CultureInfo.InvariantCulture)} stars ");

    private async Task<Problem?> CheckAsync(PageObservation obs, CheckIntent ch, CancellationToken ct)
    {
        var box = Pick(Rank(obs, ch.Target, ["checkbox", "radio", "switch"], null, null), null);
        if (box is null)
        {
            return NotSure($"I could not find a checkbox named '{ch.Target}'.");
        }
        if (ch.On && _onlyIntent && box.Form is not null && Regex.IsMatch(ch.Clause, @"\b(?:subscribe|sign\s*(?:me\s+)?up|newsletter|mailing\s+list)\b", RegexOptions.IgnoreCase))
        {
            // "Subscribe to the newsletter" alone: a box inside another form (the contact form) signs up only when that form is sent,
            // and nothing else in the command says what to send with it.
            return new Problem(StepStatus.AskUser,
                $"'{box.Name}' is part of a form that must be sent to sign up, and the command gives nothing else for it: which email (and other details) should I use? Nothing was ticked or sent.");
        }
        await page.SetCheckedAsync(box.Id, ch.On, ct);
        Record($"{(ch.On ? "checked" : "unchecked")} '{box.Name}'");
        var after = (await page.ObserveAsync(ct)).Elements.FirstOrDefault(e => e.Id == box.Id);
        if (after?.Checked is { } state && state != ch.On)
        {
            return NotSure($"'{box.Name}' is still {(state ? "checked" : "unchecked")} after I {(ch.On ? "checked" : "unchecked")} it.");
        }
        return null;
    }

    /// <summary>
    /// The edit dialog this command opened and changed ("Edit Liam Walsh and change his email to …") is saved with
    /// its own Save (or Update/Apply) button, unless a guard forbids it; the dialog must close or the page change.
    /// </summary>
    private async Task<Problem?> CommitDialogAsync(CancellationToken ct)
    {
        var obs = await ObserveAsync(ct);
        if (obs.DialogLabel is null)
        {
            return null;
        }
        var save = obs.Elements.Where(e => e.Visible && e.Enabled && e.Role == "button" && e.Landmark == "dialog")
            .Select(e => (e, s: new[] { "save", "save changes", "update", "apply", "done" }.Max(w => TextMatch.Score(w, e.Name))))
            .Where(x => x.s >= 0.75).OrderByDescending(x => x.s).ThenBy(x => x.e.Id).Select(x => x.e).FirstOrDefault();
        if (save is null && obs.Elements.FirstOrDefault(e => e.Visible && e.Role == "button" && e.Landmark == "dialog" && IsForbidden(e.Name)) is { } held)
        {
            // "type 'Running late', leave it unsent": the dialog's own send is what the guard forbids.
            Record($"did not press '{held.Name}', as told");
            return null;
        }
        if (save is null)
        {
            return NotSure($"I changed the fields of '{obs.DialogLabel}' but found no Save button in it, so the change is not saved.");
        }
        if (IsForbidden(save.Name) || IsForbidden("save"))
        {
            Record($"left '{obs.DialogLabel}' unsaved, as told");
            return null;
        }
        var before = Fingerprint(obs);
        await ClickAsync(save, ct);
        Record($"saved with '{save.Name}'");
        return await ChangedAsync(before, ct) ? null : NotSure($"I pressed '{save.Name}' but nothing changed, so the change may not be saved.");
    }

    private async Task<Problem?> SubmitAsync(PageObservation obs, CancellationToken ct)
    {
        var button = obs.Elements.Where(e => e.Visible && e.Enabled && e.Role == "button" && e.Landmark != "header" && e.Landmark != "nav")
            .Select(e => (e, s: new[] { "submit", "send", "send message", "save", "continue", "sign in", "post" }.Max(v => TextMatch.Score(v, e.Name)) + (e.InputType == "submit" ? 0.2 : 0)))
            .Where(x => x.s >= 0.6).OrderByDescending(x => x.s).ThenBy(x => x.e.Id).Select(x => x.e).FirstOrDefault();
        if (button is not null && IsForbidden(button.Name))
        {
            // Never sent another way (Enter) either: the guard forbids what the submit does.
            return new Problem(StepStatus.AskUser, $"Submitting means pressing '{button.Name}', which the command says not to do; I stopped before it.");
        }
        // A form with required fields still empty is not sent: the user is asked for the values, by name.
        var form = button?.Form ?? obs.Elements.Where(e => e.Form is not null && e.Value is { Length: > 0 }).Select(e => e.Form).FirstOrDefault();
        var missing = obs.Elements.Where(e => e.Visible && e.Enabled && e.Required && (form is null || e.Form == form)
                && (e.InputType is "checkbox" or "radio" ? e.Checked != true : string.IsNullOrWhiteSpace(e.Value) || (e.Tag == "select" && e.Options.Count > 0 && e.Value == e.Options[0] && !e.Options[0].Any(char.IsDigit) && Regex.IsMatch(e.Options[0], @"^(?:choose|select|pick|please|--|—|-)", RegexOptions.IgnoreCase))))
            .Select(Label).Distinct().ToList();
        if (missing.Count > 0)
        {
            return new Problem(StepStatus.AskUser, $"The form still needs {string.Join(", ", missing.Select(m => $"'{m}'"))}: what should I put there? Nothing was sent.");
        }
        if (button is null)
        {
            await page.PressAsync("Enter", ct);
            Record("submitted the form with Enter");
            return null;
        }
        var before = Fingerprint(obs);
        await ClickAsync(button, ct);
        Record($"submitted with '{button.Name}'");
        if (!await ChangedAsync(before, ct))
        {
            return NotSure($"I pressed '{button.Name}' but nothing on the page changed, so the form may not have been sent.");
        }
        return null;
    }

    private async Task<Problem?> ComposeAsync(PageObservation obs, string text, string action, CancellationToken ct)
    {
        if (text.Trim().Length == 0)
        {
            return new Problem(StepStatus.AskUser, "What should the post say? Nothing was posted.");
        }
        var box = obs.Elements.Where(e => e.Visible && e.Enabled && (e.Tag == "textarea" || e.Role == "textbox"))
            .OrderByDescending(e => e.Tag == "textarea" ? 1 : 0)
            .ThenByDescending(e => TextMatch.Score("what's happening post compose", (e.Label ?? "") + " " + (e.Placeholder ?? "")))
            .FirstOrDefault();
        if (box is null)
        {
            return NotSure("I could not find a box to write the post in on this page.");
        }
        if (IsForbidden(action))
        {
            return new Problem(StepStatus.AskUser, $"The command asks me to {action} but also says not to. Nothing was done.");
        }
        await page.FillAsync(box.Id, text, ct);
        Record($"wrote '{text}' in {Label(box)}");
        var after = await page.ObserveAsync(ct);
        return await ClickTargetAsync(after, action == "save draft" ? "Save draft" : "Publish", null, null, null, ct);
    }

    private async Task<Problem?> SetFieldAsync(PageObservation obs, SetFieldIntent sf, CancellationToken ct)
    {
        var field = FindField(obs, sf.Field);
        if (field is null)
        {
            var opener = Pick(Rank(obs, sf.OpenWith, ClickRoles, null, null), null) ?? Pick(Rank(obs, "profile", ["link"], null, null), null);
            if (opener is null)
            {
                return NotSure($"I could not find the {sf.Field} field, nor an '{sf.OpenWith}' button.");
            }
            await ClickAsync(opener, ct);
            Record($"clicked '{opener.Name}'");
            obs = await ObserveAsync(ct);
            field = FindField(obs, sf.Field);
            if (field is null)
            {
                var edit = Pick(Rank(obs, sf.OpenWith, ClickRoles, null, null), null);
                if (edit is not null)
                {
                    await ClickAsync(edit, ct);
                    Record($"clicked '{edit.Name}'");
                    obs = await ObserveAsync(ct);
                    field = FindField(obs, sf.Field);
                }
            }
            if (field is null)
            {
                return NotSure($"I could not find the {sf.Field} field.");
            }
        }
        await page.FillAsync(field.Id, sf.Value, ct);
        Record($"set {Label(field)} to {Shown(field, sf.Value)}");
        return await SubmitAsync(await ObserveAsync(ct), ct);
    }

    // ------------------------------------------------------------------ login

    private SiteLogin? FindLogin(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return null;
        }
        return options.Logins.FirstOrDefault(l => l.UrlPrefix.StartsWith('/')
            ? uri.AbsolutePath.StartsWith(l.UrlPrefix, StringComparison.OrdinalIgnoreCase)
            : url.StartsWith(l.UrlPrefix, StringComparison.OrdinalIgnoreCase));
    }

    private static bool SignedIn(PageObservation obs) =>
        obs.Elements.Any(e => e.Visible && e.Role is "link" or "button" && (TextMatch.Score("sign out", e.Name) >= 0.95 || TextMatch.Score("log out", e.Name) >= 0.95))
        || TextMatch.Normalize(obs.VisibleText).Contains("signed in as", StringComparison.Ordinal);

    private async Task<Problem?> LoginAsync(PageObservation obs, bool optional, CancellationToken ct)
    {
        if (SignedIn(obs))
        {
            Record("already signed in (saved browser profile)");
            return null;
        }
        var login = FindLogin(obs.Url);
        if (login is null)
        {
            if (optional)
            {
                Record("no saved sign-in was available, continued without signing in");
                return null;
            }
            return new Problem(StepStatus.AskUser, "I need credentials to sign in to this site: configure them (Agent:Logins) or sign in through the page first.");
        }
        if (!obs.HasPasswordField)
        {
            var link = Pick(Rank(obs, "sign in", ["link", "button"], null, null), null) ?? Pick(Rank(obs, "log in", ["link", "button"], null, null), null);
            if (link is null)
            {
                return optional ? null : NotSure("I could not find a way to sign in on this page.");
            }
            await ClickAsync(link, ct);
            obs = await ObserveAsync(ct);
        }
        var user = obs.Elements.Where(e => e.Visible && e.Enabled && FieldRoles.Contains(e.Role) && e.InputType != "password")
            .OrderByDescending(e => new[] { "email", "username", "user name", "login" }.Max(w => Math.Max(TextMatch.Score(w, Label(e)), TextMatch.Score(w, e.InputType))))
            .FirstOrDefault();
        var password = obs.Elements.FirstOrDefault(e => e.Visible && e.InputType == "password");
        if (user is null || password is null)
        {
            return NotSure("The sign-in form has no user name and password fields I can fill.");
        }
        _secrets.Add(login.Password);
        await page.FillAsync(user.Id, login.Username, ct);
        var submit = obs.Elements.Where(e => e.Visible && e.Role == "button")
            .OrderByDescending(e => Math.Max(TextMatch.Score("sign in", e.Name), TextMatch.Score("log in", e.Name))).FirstOrDefault();
        if (submit is not null)
        {
            await page.FillAsync(password.Id, login.Password, ct);
            await ClickAsync(submit, ct);
        }
        else if (!await page.FillAndEnterAsync(password.Id, login.Password, ct))
        {
            return NotSure("The sign-in form's password field did not keep the password, so I could not sign in.");
        }
        // Sites often redirect back with a script after signing in: wait (bounded) until the form is gone.
        var after = await ObserveAsync(ct);
        for (var i = 0; i < 20 && after.HasPasswordField; i++)
        {
            await Task.Delay(250, ct);
            after = await ObserveAsync(ct);
        }
        if (after.HasPasswordField && !SignedIn(after))
        {
            return new Problem(StepStatus.AskUser, "Signing in with the configured credentials did not work (the sign-in form is still shown). Check Agent:Logins.");
        }
        Record($"signed in as {login.Username}");
        return null;
    }

    private async Task<bool> ReachedAsync(string goal, CancellationToken ct)
    {
        var obs = await page.ObserveAsync(ct);
        var words = TextMatch.Tokens(goal).Where(t => t is not ("reach" or "get" or "selection" or "select")).ToList();
        var goalTokens = TextMatch.Tokens(goal);
        var haystack = TextMatch.Tokens(obs.Title + " " + string.Join(" ", obs.Headings.Take(3)) + " " + Uri.UnescapeDataString(obs.Url).Replace('/', ' ').Replace('-', ' ').Replace('.', ' '), keepStopWords: true).ToHashSet();
        var important = words.Count > 0 ? words : goalTokens;
        return important.Count > 0 && important.All(haystack.Contains);
    }

    /// <summary>"publishing it" → "publish it", "placing the order" → "place the order", for messages.</summary>
    internal static string Infinitive(string phrase)
    {
        var words = phrase.Split(' ', 2);
        var w = words[0];
        if (w.Length > 5 && w.EndsWith("ing", StringComparison.OrdinalIgnoreCase))
        {
            var stem = w[..^3];
            if (stem.Length > 2 && stem[^1] == stem[^2] && !"lsz".Contains(stem[^1]))
            {
                stem = stem[..^1];
            }
            else if (stem.EndsWith('c') || stem.EndsWith('v') || stem.EndsWith('z') || stem.EndsWith("at", StringComparison.Ordinal) || stem.EndsWith("et", StringComparison.Ordinal) || stem.EndsWith("ak", StringComparison.Ordinal) || stem.EndsWith("it", StringComparison.Ordinal) && stem.Length <= 4 || stem.EndsWith("us", StringComparison.Ordinal))
            {
                stem += "e";
            }
            w = stem;
        }
        return words.Length > 1 ? w + " " + words[1] : w;
    }

    private static string Short(string text) => text.Length > 60 ? text[..60].TrimEnd() + "…" : text;

    private static string Quote(IEnumerable<string> clauses) => string.Join("; ", clauses.Select(c => $"'{c}'"));

    private static string Cap(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string Decap(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];
}
