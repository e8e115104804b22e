using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpsDashboard.Web.Profiles;

/// <summary>A cookie of a profile as shown to callers: its name, scope and expiry, never its value.</summary>
public sealed record CookieSummary(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("domain")] string Domain,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("expires")] DateTimeOffset? Expires,
    [property: JsonPropertyName("session")] bool Session,
    [property: JsonPropertyName("http_only")] bool HttpOnly,
    [property: JsonPropertyName("secure")] bool Secure);

/// <summary>An origin of a profile: how many localStorage keys it has and its IndexedDB databases' names.</summary>
public sealed record OriginSummary(
    [property: JsonPropertyName("origin")] string Origin,
    [property: JsonPropertyName("local_storage_keys")] int LocalStorageKeys,
    [property: JsonPropertyName("indexeddb")] IReadOnlyList<string> IndexedDb);

/// <summary>What a Playwright storage state holds, without any value: cookie names and expiry, origins.</summary>
public sealed record StorageStateSummary(IReadOnlyList<CookieSummary> Cookies, IReadOnlyList<OriginSummary> Origins)
{
    public static StorageStateSummary Empty { get; } = new([], []);

    /// <summary>The origins a state touches: its origins' list plus the sites its cookies are for.</summary>
    public IReadOnlyList<string> OriginNames =>
        Origins.Select(o => o.Origin)
            .Concat(Cookies.Select(c => c.Domain.TrimStart('.')).Where(d => !Origins.Any(o => Uri.TryCreate(o.Origin, UriKind.Absolute, out var u) && u.Host == d)))
            .Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();

    public static StorageStateSummary Parse(string stateJson)
    {
        using var doc = JsonDocument.Parse(stateJson);
        var root = doc.RootElement;
        var cookies = new List<CookieSummary>();
        if (root.TryGetProperty("cookies", out var cs) && cs.ValueKind == JsonValueKind.Array)
        {
            foreach (var c in cs.EnumerateArray())
            {
                var expires = c.TryGetProperty("expires", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetDouble() : -1;
                cookies.Add(new CookieSummary(
                    Str(c, "name"), Str(c, "domain"), Str(c, "path"),
                    expires > 0 ? DateTimeOffset.FromUnixTimeMilliseconds((long)(expires * 1000)) : null,
                    expires <= 0,
                    c.TryGetProperty("httpOnly", out var h) && h.ValueKind == JsonValueKind.True,
                    c.TryGetProperty("secure", out var s) && s.ValueKind == JsonValueKind.True));
            }
        }
        var origins = new List<OriginSummary>();
        if (root.TryGetProperty("origins", out var os) && os.ValueKind == JsonValueKind.Array)
        {
            foreach (var o in os.EnumerateArray())
            {
                var keys = o.TryGetProperty("localStorage", out var ls) && ls.ValueKind == JsonValueKind.Array ? ls.GetArrayLength() : 0;
                var dbs = o.TryGetProperty("indexedDB", out var idb) && idb.ValueKind == JsonValueKind.Array
                    ? idb.EnumerateArray().Select(d => Str(d, "name")).ToList()
                    : [];
                origins.Add(new OriginSummary(Str(o, "origin"), keys, dbs));
            }
        }
        return new StorageStateSummary(cookies, origins);
    }

    private static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
}
