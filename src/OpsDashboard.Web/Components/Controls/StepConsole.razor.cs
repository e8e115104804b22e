using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using System.Globalization;
using MudBlazor;
using OpsDashboard.Web.Dashboard;

namespace OpsDashboard.Web.Components.Controls;

/// <summary>
/// Where an operator types the next cmd of a session. Ctrl+Enter sends; ↑/↓ walk back and forth
/// through earlier cmds while the box is empty or still shows a recalled one. Disabled, with the
/// reason, while the session is busy or ended. Shows the last answer, ASK_USER and NOT SURE set apart.
/// </summary>
public partial class StepConsole
{
    private readonly List<string> _history = [];
    private string? _text;
    private int _historyIndex = -1;

    /// <summary>Why the console cannot send now (busy, ended); null when it can.</summary>
    [Parameter]
    public string? DisabledReason { get; set; }

    /// <summary>True while a cmd sent from here is running.</summary>
    [Parameter]
    public bool Sending { get; set; }

    /// <summary>The session's last answered step.</summary>
    [Parameter]
    public StepAnswer? LastAnswer { get; set; }

    /// <summary>Cmds already in the session's history, oldest first, for recall.</summary>
    [Parameter]
    public IReadOnlyList<string>? PastCommands { get; set; }

    [Parameter]
    public EventCallback<string> OnSend { get; set; }

    private bool IsDisabled => DisabledReason is not null || Sending;

    /// <summary>Characters the API would count: the trimmed cmd, as <see cref="SendAsync"/> sends it.</summary>
    private int Length => _text?.Trim().Length ?? 0;

    /// <summary>Beyond the API's cmd limit: the send button is off and the console says why.</summary>
    private bool TooLong => Length > DashboardLimits.MaxCmdLength;

    private string CounterText => $"{Length.ToString("N0", CultureInfo.InvariantCulture)} / {DashboardLimits.MaxCmdLength.ToString("N0", CultureInfo.InvariantCulture)}";

    private string TooLongMessage =>
        $"This cmd is {Length.ToString("N0", CultureInfo.InvariantCulture)} characters; a cmd may have at most {DashboardLimits.MaxCmdLength.ToString("N0", CultureInfo.InvariantCulture)} " +
        $"(the API's limit). Shorten it by {(Length - DashboardLimits.MaxCmdLength).ToString("N0", CultureInfo.InvariantCulture)}, or split it into several steps.";

    protected override void OnParametersSet()
    {
        if (PastCommands is { Count: > 0 } && _history.Count == 0)
        {
            _history.AddRange(PastCommands);
        }
    }

    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter" && (e.CtrlKey || e.MetaKey))
        {
            await SendAsync();
        }
        else if (e.Key == "ArrowUp" && CanRecall() && _history.Count > 0)
        {
            _historyIndex = _historyIndex < 0 ? _history.Count - 1 : Math.Max(0, _historyIndex - 1);
            _text = _history[_historyIndex];
        }
        else if (e.Key == "ArrowDown" && CanRecall() && _historyIndex >= 0)
        {
            _historyIndex++;
            if (_historyIndex >= _history.Count)
            {
                _historyIndex = -1;
                _text = "";
            }
            else
            {
                _text = _history[_historyIndex];
            }
        }
    }

    // Arrows move the caret in a cmd being written; they recall only in an empty box or over a recalled cmd.
    private bool CanRecall() =>
        string.IsNullOrEmpty(_text) || (_historyIndex >= 0 && _historyIndex < _history.Count && _text == _history[_historyIndex]);

    private async Task SendAsync()
    {
        var cmd = _text?.Trim();
        if (IsDisabled || TooLong || string.IsNullOrEmpty(cmd))
        {
            return;
        }
        if (_history.Count == 0 || _history[^1] != cmd)
        {
            _history.Add(cmd);
        }
        _historyIndex = -1;
        _text = "";
        await OnSend.InvokeAsync(cmd);
    }

    private static Severity SeverityOf(string status) => status switch
    {
        "DONE" => Severity.Success,
        "ASK_USER" => Severity.Info,
        "CONTINUE" => Severity.Info,
        "NOT SURE" => Severity.Warning,
        _ => Severity.Error,
    };

    private static string AnswerTitle(string status) => status switch
    {
        "ASK_USER" => "The agent asks you:",
        "NOT SURE" => "The agent is not sure:",
        "DONE" => "Done:",
        "CONTINUE" => "Continuing:",
        _ => status + ":",
    };
}

/// <summary>A finished step's answer as the console shows it.</summary>
public sealed record StepAnswer(string Status, string? Message);
