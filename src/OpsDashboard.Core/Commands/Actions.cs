namespace OpsDashboard.Core.Commands;

/// <summary>One thing to do in the browser, with the words of the command it came from.</summary>
public abstract record BrowserAction(string Clause)
{
    /// <summary>What was done, in the user's words, for the step's message.</summary>
    public abstract string Describe();
}

/// <summary>Open an absolute URL.</summary>
public sealed record NavigateAction(string Clause, string Url) : BrowserAction(Clause)
{
    public override string Describe() => $"opened {Url}";
}

/// <summary>Click a button, link or other control by its visible name.</summary>
public sealed record ClickAction(string Clause, string Target) : BrowserAction(Clause)
{
    public override string Describe() => $"clicked '{Target}'";
}

/// <summary>Type text into a field found by label, placeholder or name; null field = the focused or only text box.</summary>
public sealed record TypeAction(string Clause, string Text, string? Field) : BrowserAction(Clause)
{
    public override string Describe() => Field is null ? $"typed '{Text}'" : $"typed '{Text}' into {Field}";
}

/// <summary>Press a keyboard key (Playwright key name, e.g. <c>Enter</c>).</summary>
public sealed record PressAction(string Clause, string Key) : BrowserAction(Clause)
{
    public override string Describe() => $"pressed {Key}";
}

public enum ScrollDirection
{
    Down,
    Up,
    Bottom,
    Top,
}

/// <summary>Scroll the page.</summary>
public sealed record ScrollAction(string Clause, ScrollDirection Direction) : BrowserAction(Clause)
{
    public override string Describe() => Direction switch
    {
        ScrollDirection.Down => "scrolled down",
        ScrollDirection.Up => "scrolled up",
        ScrollDirection.Bottom => "scrolled to the bottom",
        _ => "scrolled to the top",
    };
}

/// <summary>The parse of a whole <c>cmd</c>: actions in order, and the clauses no rule understood.</summary>
public sealed record CommandPlan(IReadOnlyList<BrowserAction> Actions, IReadOnlyList<string> Unrecognized)
{
    public bool IsComplete => Unrecognized.Count == 0 && Actions.Count > 0;
}
