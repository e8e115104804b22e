using MudBlazor;

namespace OpsDashboard.Web.Components.Layout;

/// <summary>The dashboard's palette and the one place status colours are decided.</summary>
public static class DashboardTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#2451c7",
            AppbarBackground = "#1d2330",
            Success = "#1b873f",
            Warning = "#b76e00",
            Error = "#c62828",
            Info = "#0277bd",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#7aa2ff",
            Success = "#4caf50",
            Warning = "#ffb300",
            Error = "#ff5252",
            Info = "#4fc3f7",
            Background = "#14171f",
            Surface = "#1c212b",
            AppbarBackground = "#1c212b",
            DrawerBackground = "#181c24",
        },
    };

    public static Color StatusColor(string? status) => status switch
    {
        "starting" => Color.Info,
        "idle" => Color.Success,
        "busy" => Color.Primary,
        "expired" => Color.Warning,
        "closed" => Color.Default,
        "failed" => Color.Error,
        _ => Color.Default,
    };

    public static Color AnswerColor(string? status) => status switch
    {
        "DONE" => Color.Success,
        "CONTINUE" => Color.Info,
        "ASK_USER" => Color.Info,
        "NOT SURE" => Color.Warning,
        "running" => Color.Primary,
        _ => Color.Error,
    };

    public static Color LevelColor(string? level) => level switch
    {
        "error" => Color.Error,
        "warning" => Color.Warning,
        _ => Color.Info,
    };
}
