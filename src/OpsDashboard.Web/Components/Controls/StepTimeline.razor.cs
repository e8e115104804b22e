using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using OpsDashboard.Web.Dashboard;

namespace OpsDashboard.Web.Components.Controls;

/// <summary>A session's steps, newest first: cmd, answer, message, where it went, how long, its screenshot and error.</summary>
public partial class StepTimeline
{
    private const int MaxShown = 200;

    [Parameter, EditorRequired]
    public IReadOnlyList<StepView> Steps { get; set; } = [];

    /// <summary>Makes a loadable link for a screenshot id.</summary>
    [Parameter]
    public Func<string, string>? ScreenshotUrl { get; set; }

    [Parameter]
    public EventCallback<string> OnOpenScreenshot { get; set; }

    private static string FirstLine(string text) => text.Split('\n')[0];

    private Task OpenOnEnterAsync(KeyboardEventArgs e, string shot) =>
        e.Key is "Enter" or " " ? OnOpenScreenshot.InvokeAsync(shot) : Task.CompletedTask;
}
