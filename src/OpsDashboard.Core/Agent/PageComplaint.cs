using System.Text.RegularExpressions;
using OpsDashboard.Core.Api;

namespace OpsDashboard.Core.Agent;

/// <summary>
/// Where the page says no. A click that changed the page is not yet a clause done: the change may be the page
/// refusing ("Please fill in: Your name.", "Please select a size.", "Enter a valid email address.", "Something went
/// wrong"). After every clause the agent compares what the page says back (<see cref="PageObservation.Alerts"/>)
/// with what it said before the clause; a new refusal makes the clause not done. A validation message asks the user
/// (a value is missing or was not accepted); a failure is NOT SURE, with the page's own words.
/// </summary>
public static partial class PageComplaint
{
    /// <summary>The page asks for a value, or did not accept one.</summary>
    [GeneratedRegex(@"\bplease\s+(?:fill|enter|provide|select|choose|pick|complete|specify|correct|add|type|check|agree|accept)\b|\b(?:is|are)\s+(?:a\s+)?required\b|\brequired\s+fields?\b|\bfields?\s+(?:is|are)\s+required\b|\bcan(?:not|'t|’t)\s+be\s+(?:blank|empty)\b|\bmust\s+not\s+be\s+(?:blank|empty)\b|\benter\s+(?:a|an|your)\s+valid\b|\b(?:is|are|was)\s+(?:not\s+valid|invalid)\b|\binvalid\s+\w+|\bnot\s+a\s+valid\b|\bmissing\s+(?:required\s+)?(?:fields?|values?|information)\b|\bselect\s+an?\s+(?:option|size|colou?r|variant|quantity)\s+(?:first|before)\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Validation();

    /// <summary>The page says the action failed.</summary>
    [GeneratedRegex(@"\bsomething\s+went\s+wrong\b|\ban?\s+(?:unexpected\s+)?error\s+(?:has\s+)?occurred\b|^\s*error\b|\bfailed\s+to\b|\b(?:could\s*n[o']?t|could\s+not|can(?:not|'t|’t)|unable\s+to)\s+(?:be\s+)?(?:save|saved|send|sent|submit|submitted|add|added|process|processed|complete|completed|delete|deleted|update|updated|find|found|load|loaded|post|posted)\b|\b(?:is|are)\s+(?:currently\s+)?(?:out\s+of\s+stock|unavailable|sold\s+out)\b|^\s*(?:out\s+of\s+stock|sold\s+out)\b|\bno\s+longer\s+available\b|\b(?:access|permission)\s+denied\b|\bnot\s+allowed\s+to\b|\bplease\s+try\s+again\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Failure();

    /// <summary>
    /// The first refusal the page says in <paramref name="after"/> that it did not say in <paramref name="before"/>,
    /// as the answer's status and the page's words; null when the page says nothing new against it.
    /// </summary>
    public static (string Status, string Said)? New(PageObservation? before, PageObservation after)
    {
        var old = (before?.Alerts ?? []).Select(Fold).ToHashSet();
        foreach (var said in after.Alerts ?? [])
        {
            if (old.Contains(Fold(said)))
            {
                continue;
            }
            if (Validation().IsMatch(said))
            {
                return (StepStatus.AskUser, said);
            }
            if (Failure().IsMatch(said))
            {
                return (StepStatus.NotSure, said);
            }
        }
        return null;
    }

    private static string Fold(string s) => TextMatch.Normalize(s);
}
