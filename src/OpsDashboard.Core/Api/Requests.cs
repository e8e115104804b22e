using System.Text.Json;

namespace OpsDashboard.Core.Api;

/// <summary>Viewport size asked for in <c>browser_params</c>.</summary>
public sealed record BrowserParams(int? Width, int? Height)
{
    public const int MinWidth = 320, MaxWidth = 3840, MinHeight = 240, MaxHeight = 2160;

    internal static BrowserParams? Read(RequestReader body)
    {
        var nested = body.Object("browser_params");
        if (nested is null)
        {
            return null;
        }
        var result = new BrowserParams(nested.Int("width", MinWidth, MaxWidth), nested.Int("height", MinHeight, MaxHeight));
        body.Absorb(nested);
        return result;
    }
}

/// <summary>What a caller may attach to a session at create through <c>optional_params</c>.</summary>
public sealed record SessionLabels(string? Holder, IReadOnlyDictionary<string, string> Metadata)
{
    public static SessionLabels None { get; } = new(null, new Dictionary<string, string>());

    internal static SessionLabels Read(RequestReader body)
    {
        var nested = body.Object("optional_params");
        if (nested is null)
        {
            return None;
        }
        var holder = nested.String("holder", maxLength: 200) ?? nested.String("holder_label", maxLength: 200);
        var metadata = new Dictionary<string, string>();
        if (nested.TryGet("metadata", out var m))
        {
            if (m.ValueKind != JsonValueKind.Object)
            {
                nested.AddError("metadata", "\"metadata\" should be an object of string values, e.g. {\"run\": \"nightly-42\"}.", "dict_type");
            }
            else
            {
                foreach (var p in m.EnumerateObject().Take(50))
                {
                    metadata[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                }
            }
        }
        body.Absorb(nested);
        return new SessionLabels(holder, metadata);
    }
}

/// <summary>
/// A saved browser profile a new session starts from (<c>profile</c>: its name or id), and whether
/// the session's state is saved back to it when it ends (<c>persist</c>). Unknown to the official SDKs.
/// </summary>
public sealed record ProfileRequest(string Profile, bool Persist)
{
    public const int MaxLength = 100;

    internal static ProfileRequest? Read(RequestReader body)
    {
        var profile = body.String("profile", maxLength: MaxLength);
        var persist = body.Bool("persist");
        if (profile is not null && string.IsNullOrWhiteSpace(profile))
        {
            body.AddError("profile", "\"profile\" should be a saved profile's name or id, e.g. \"shop-demo\" (list them with GET /api/profiles), got an empty string.", "string_too_short");
            return null;
        }
        if (persist == true && profile is null && !body.TryGet("profile", out _))
        {
            body.AddError("persist", "\"persist\": true saves the session's browser state to a profile when it ends, so it needs \"profile\" too, e.g. {\"profile\": \"shop-demo\", \"persist\": true} (a new name makes a new profile).", "missing");
        }
        return profile is null ? null : new ProfileRequest(profile.Trim(), persist ?? false);
    }
}

/// <summary>Limits shared by every request.</summary>
public static class RequestLimits
{
    public const int MaxCmdLength = 4000;
    public const int MaxUrlLength = 4096;
    public const int MaxBodyBytes = 256 * 1024;
    public const int DefaultMaxSteps = 20;
    public const int MaxMaxSteps = 100;
    public const int DefaultMaxItems = 100;
    public const int MaxMaxItems = 10_000;
}

/// <summary><c>POST /session</c>.</summary>
public sealed record CreateSessionRequest(
    string? Url, bool IncludeScreenshot, BrowserParams? BrowserParams, string? AgentId, string? Mode, SessionLabels Labels,
    ProfileRequest? Profile = null)
{
    public static CreateSessionRequest Parse(JsonElement root)
    {
        var body = RequestReader.ForBody(root);
        var request = new CreateSessionRequest(
            body.String("url", maxLength: RequestLimits.MaxUrlLength),
            body.Bool("include_screenshot") ?? false,
            BrowserParams.Read(body),
            body.String("agent_id", maxLength: 200),
            body.String("mode", maxLength: 50),
            SessionLabels.Read(body),
            ProfileRequest.Read(body));
        body.Bool("local");
        body.Bool("use_proxy");
        body.ThrowIfInvalid();
        return request;
    }
}

/// <summary><c>POST /session/{id}</c>.</summary>
public sealed record StepRequest(
    string Cmd, string? Url, bool IncludeScreenshot, bool Stream, BrowserParams? BrowserParams, double? Temperature, string? AgentId, string? Mode)
{
    public static StepRequest Parse(JsonElement root)
    {
        var body = RequestReader.ForBody(root);
        var cmd = body.String("cmd", required: true, maxLength: RequestLimits.MaxCmdLength);
        var request = new StepRequest(
            cmd ?? "",
            body.String("url", maxLength: RequestLimits.MaxUrlLength),
            body.Bool("include_screenshot") ?? false,
            body.Bool("stream") ?? false,
            BrowserParams.Read(body),
            body.Number("temperature", 0, 2),
            body.String("agent_id", maxLength: 200),
            body.String("mode", maxLength: 50));
        body.Object("optional_params");
        body.ThrowIfInvalid();
        return request;
    }
}

/// <summary><c>POST /browse</c>.</summary>
public sealed record BrowseRequest(
    string Cmd, string? Url, string? SessionId, int MaxSteps, bool IncludeScreenshot, BrowserParams? BrowserParams,
    double? Temperature, string? AgentId, string? Mode, SessionLabels Labels, ProfileRequest? Profile = null)
{
    public static BrowseRequest Parse(JsonElement root)
    {
        var body = RequestReader.ForBody(root);
        var cmd = body.String("cmd", required: true, maxLength: RequestLimits.MaxCmdLength);
        var request = new BrowseRequest(
            cmd ?? "",
            body.String("url", maxLength: RequestLimits.MaxUrlLength),
            body.String("session_id", maxLength: 100),
            body.Int("max_steps", 1, RequestLimits.MaxMaxSteps) ?? RequestLimits.DefaultMaxSteps,
            body.Bool("include_screenshot") ?? false,
            BrowserParams.Read(body),
            body.Number("temperature", 0, 2),
            body.String("agent_id", maxLength: 200),
            body.String("mode", maxLength: 50),
            SessionLabels.Read(body),
            ProfileRequest.Read(body));
        if (request.Profile is not null && request.SessionId is not null)
        {
            body.AddError("profile", "\"profile\" applies when browse opens a new session; this request continues session " +
                $"{request.SessionId}, which already has its browser. Leave out \"session_id\" to start from the profile, or leave out \"profile\".", "value_error");
        }
        body.Bool("local");
        body.Bool("use_proxy");
        body.ThrowIfInvalid();
        return request;
    }
}

/// <summary><c>POST /retrieve</c>.</summary>
public sealed record RetrieveRequest(
    string Cmd, string? Url, string? SessionId, IReadOnlyList<string>? Fields, string Format, int MaxItems,
    bool FullPage, bool RenderJs, bool ScrollToBottom, bool IncludeScreenshot, JsonElement? Schema)
{
    /// <summary>The most pages <c>max_pages</c> may ask for.</summary>
    public const int MaxMaxPages = 50;

    /// <summary>
    /// <c>max_pages</c> (beyond the MultiOn fields): how many pages of the page's own pagination
    /// (Next, page numbers, Load more, infinite scroll) to read in the session; 1 (the default) reads
    /// only the current page.
    /// </summary>
    public int MaxPages { get; init; } = 1;

    /// <summary>Why <c>max_pages</c> was refused (answered 400), or null.</summary>
    public string? MaxPagesError { get; init; }

    public static RetrieveRequest Parse(JsonElement root)
    {
        var body = RequestReader.ForBody(root);
        var cmd = body.String("cmd", required: true, maxLength: RequestLimits.MaxCmdLength);
        var format = body.String("format", maxLength: 20) ?? "json";
        if (format is not ("json" or "markdown"))
        {
            body.AddError("format", $"\"format\" should be \"json\" or \"markdown\", got \"{format}\".", "enum");
        }
        var request = new RetrieveRequest(
            cmd ?? "",
            body.String("url", maxLength: RequestLimits.MaxUrlLength),
            body.String("session_id", maxLength: 100),
            body.StringList("fields", 200),
            format,
            body.Int("max_items", 1, RequestLimits.MaxMaxItems) ?? RequestLimits.DefaultMaxItems,
            body.Bool("full_page") ?? true,
            body.Bool("render_js") ?? false,
            body.Bool("scroll_to_bottom") ?? false,
            body.Bool("include_screenshot") ?? false,
            body.Raw("schema"));
        body.Bool("local");
        body.Object("optional_params");
        body.ThrowIfInvalid();
        if (body.TryGet("max_pages", out var pages))
        {
            if (pages.ValueKind == JsonValueKind.Number && pages.TryGetInt64(out var n) && n is >= 1 and <= MaxMaxPages)
            {
                request = request with { MaxPages = (int)n };
            }
            else
            {
                request = request with
                {
                    MaxPagesError = $"\"max_pages\" should be a whole number from 1 to {MaxMaxPages} (how many pages of the page's own pagination to read; 1 reads only the current page), got {(pages.ValueKind == JsonValueKind.Number ? pages.GetRawText() : pages.ValueKind == JsonValueKind.String ? $"the string \"{Truncate(pages.GetString()!)}\"" : pages.ValueKind.ToString().ToLowerInvariant())}.",
                };
            }
        }
        return request;
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
