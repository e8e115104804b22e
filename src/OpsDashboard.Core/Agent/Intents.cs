namespace OpsDashboard.Core.Agent;

/// <summary>What one clause of a command asks for, before it is grounded on a page.</summary>
public abstract record Intent(string Clause)
{
    /// <summary>"if available", "if necessary": not finding the target is not a failure.</summary>
    public bool Optional { get; init; }
}

public sealed record NavigateIntent(string Clause, string Url) : Intent(Clause);

/// <summary>Go to a page by the name of its link or button ("the cart page", "the men's jeans category").</summary>
public sealed record GoToIntent(string Clause, string Place) : Intent(Clause);

public sealed record SearchIntent(string Clause, string Query) : Intent(Clause)
{
    /// <summary>Which search box, when the command names one ("in people search").</summary>
    public string? Box { get; init; }
}

/// <summary>
/// A direct message to a person ("DM him 'Can you review my PR?'", "Write a message to Omar Haddad saying …"):
/// the person's Message control, the message box, then Send (unless a guard forbids sending).
/// <see cref="Recipient"/> null means the person just searched for ("him", "her", "them").
/// </summary>
public sealed record MessageIntent(string Clause, string? Recipient, string Text) : Intent(Clause);

/// <summary>"Yes, confirm the deletion.": the affirmative button of the dialog that is open now.</summary>
public sealed record ConfirmDialogIntent(string Clause) : Intent(Clause);

/// <summary>Open the Nth item of the page's main list (1-based; -1 = last), skipping sponsored ones.</summary>
public sealed record OpenResultIntent(string Clause, int Ordinal) : Intent(Clause)
{
    /// <summary>"the cheapest one", "the most expensive one", "the best rated": the result chosen by what it shows, not by place.</summary>
    public string? Best { get; init; }
}

public sealed record ClickIntent(string Clause, string Target, int? Ordinal = null, string? Scope = null, string? Context = null) : Intent(Clause);

public sealed record TypeIntent(string Clause, string Text, string? Field) : Intent(Clause)
{
    /// <summary>The form the field is in ("the contact form"), when the command names it.</summary>
    public string? Scope { get; init; }
}

public sealed record FillFormIntent(string Clause, IReadOnlyList<(string Field, string Value)> Pairs) : Intent(Clause);

public sealed record SelectIntent(string Clause, string Option, string? Field) : Intent(Clause)
{
    /// <summary>The row or card the control is in ("In the row for Fatima Zahra", "Priya Natarajan's role"): never another row's.</summary>
    public string? Scope { get; init; }
}

public sealed record SortIntent(string Clause, string By) : Intent(Clause);

public sealed record FilterIntent(string Clause, string Phrase) : Intent(Clause);

/// <summary>"from $25 to $50", "under $60", "the maximum price to $200": a range link that states those bounds, else the page's min/max fields and their Go.</summary>
public sealed record PriceRangeIntent(string Clause, PriceRange Range) : Intent(Clause);

/// <summary>"4 stars and up", "at least 4 stars": the filter control that states that minimum rating.</summary>
public sealed record MinRatingIntent(string Clause, int Stars) : Intent(Clause);

public sealed record CheckIntent(string Clause, string Target, bool On) : Intent(Clause);

public enum ScrollDirection
{
    Down,
    Up,
    Bottom,
    Top,
}

public sealed record ScrollIntent(string Clause, ScrollDirection Direction) : Intent(Clause);

public sealed record ScrollUntilLoadedIntent(string Clause) : Intent(Clause);

public sealed record WaitIntent(string Clause, string Text) : Intent(Clause);

public sealed record PressIntent(string Clause, string Key) : Intent(Clause);

public sealed record SubmitIntent(string Clause) : Intent(Clause);

public sealed record LoginIntent(string Clause) : Intent(Clause);

/// <summary>"confirm the existing shipping address": the confirming button for that thing.</summary>
public sealed record ConfirmIntent(string Clause, string Thing) : Intent(Clause);

public sealed record DraftPostIntent(string Clause, string Text) : Intent(Clause);

public sealed record PostIntent(string Clause, string Text) : Intent(Clause);

/// <summary>Add an item to the cart or the wish list: "this item" (null product) or a named or Nth one.</summary>
public sealed record AddToIntent(string Clause, string Destination, string? Product, int? Ordinal) : Intent(Clause)
{
    /// <summary>How many of the item on this page ("two of these"), when more than one.</summary>
    public int? Quantity { get; init; }
}

public sealed record SetFieldIntent(string Clause, string Field, string Value, string OpenWith) : Intent(Clause);

/// <summary>The parse of a whole command: intents in order, guards, a stop condition, and what was not understood.</summary>
public sealed record AgentPlan(
    IReadOnlyList<Intent> Intents,
    IReadOnlyList<string> Forbidden,
    string? StopWhen,
    IReadOnlyList<string> Unrecognized)
{
    /// <summary>Intents that ask for something the same command forbids ("place the order … do not place the order").</summary>
    public IEnumerable<(Intent Intent, string Guard)> Conflicts() =>
        from i in Intents
        let words = i switch
        {
            ClickIntent c => c.Target,
            GoToIntent g => g.Place,
            PostIntent => "publish post",
            _ => null,
        }
        where words is not null
        from f in Forbidden
        where TextMatch.GuardForbids(f, words) || TextMatch.ContainsAll(i.Clause, f)
        select (i, f);
}

/// <summary>
/// A clause no phrase rule knew, kept as its words for the page to interpret (<see cref="GenericAction"/>):
/// the verb, the content words, the phrases that may name a row or card (a person, an email, "#302", "him"),
/// and a value to type when the action opens a box for one (quoted text, or an email that names no row).
/// </summary>
public sealed record ActIntent(string Clause, string Verb, IReadOnlyList<string> Words, IReadOnlyList<string> Scopes, string? Value) : Intent(Clause);
