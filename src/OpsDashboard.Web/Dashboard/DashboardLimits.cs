using OpsDashboard.Core.Api;

namespace OpsDashboard.Web.Dashboard;

/// <summary>
/// Sizes of what the dashboard accepts, checked against the Blazor circuit's receive limit: every
/// text box has a <c>maxlength</c> whose worst-case JSON encoding (6 bytes a character) fits in
/// <see cref="CircuitMaxReceiveBytes"/>, so no input can drop the circuit; what is too long for the
/// API is refused with a message before it is sent, and again on the server.
/// </summary>
public static class DashboardLimits
{
    /// <summary>The API's cmd limit, counted by the console.</summary>
    public const int MaxCmdLength = RequestLimits.MaxCmdLength;

    /// <summary>The console box holds more than the limit, so an over-long paste is shown and refused, not silently cut.</summary>
    public const int ConsoleInputMaxLength = MaxCmdLength * 2;

    public const int MaxUrlLength = RequestLimits.MaxUrlLength;

    /// <summary>Holder labels, tenant names, key labels, search and filter boxes.</summary>
    public const int MaxShortText = 200;

    /// <summary>A schema typed or pasted into the retrieve editor.</summary>
    public const int MaxSchemaLength = 64 * 1024;

    /// <summary>The Blazor circuit's <c>HubOptions.MaximumReceiveMessageSize</c> (the default is 32 KB).</summary>
    public const long CircuitMaxReceiveBytes = 512 * 1024;

    /// <summary>How much of an echoed cmd or message a toast shows.</summary>
    public const int ToastChars = 200;

    /// <summary>Text cut to <paramref name="max"/> characters with "…", for toasts and banners.</summary>
    public static string Clip(string? text, int max = ToastChars) =>
        string.IsNullOrEmpty(text) || text.Length <= max ? text ?? "" : text[..max].TrimEnd() + "…";
}
