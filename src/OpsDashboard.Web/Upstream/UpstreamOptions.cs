using System.Globalization;

namespace OpsDashboard.Web.Upstream;

/// <summary>
/// One hosted MultiOn-compatible service, from <c>Ops:Upstreams:{name}:…</c> (env
/// <c>Ops__Upstreams__{name}__BaseUrl</c> …). Every key but <c>ApiKey</c> has a default; see README
/// "Putting OpsDashboard in front of a hosted service".
/// </summary>
public sealed class UpstreamOptions
{
    public const string DefaultBaseUrl = "https://api.multion.ai/v1/web";

    public required string Name { get; init; }

    /// <summary><c>BaseUrl</c>: the service's API root, up to and including <c>/v1/web</c>.</summary>
    public Uri BaseUrl { get; init; } = new(DefaultBaseUrl);

    /// <summary><c>ApiKey</c>: OpsDashboard's own key at the upstream, sent as X_MULTION_API_KEY. The caller's key is never forwarded.</summary>
    public string ApiKey { get; init; } = "";

    /// <summary><c>TimeoutSeconds</c>: one call, every retry included (180 s, what the official SDKs wait).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary><c>AttemptTimeoutSeconds</c>: one attempt (an agent step can take a minute or more).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary><c>MaxRetries</c>: retries after the first attempt, only where they are safe (see UpstreamResilience).</summary>
    public int MaxRetries { get; init; } = 3;

    /// <summary><c>RetryDelayMilliseconds</c>: the first backoff; it doubles per retry, with jitter, unless Retry-After says otherwise.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary><c>MaxRetryDelaySeconds</c>: no single wait (Retry-After included) is longer; a longer Retry-After is answered to the caller instead.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>CircuitFailureRatio</c>: the share of failed calls in the sampling window that opens the circuit.</summary>
    public double CircuitFailureRatio { get; init; } = 0.5;

    /// <summary><c>CircuitMinimumThroughput</c>: calls in the window before the ratio counts (at least 2).</summary>
    public int CircuitMinimumThroughput { get; init; } = 5;

    /// <summary><c>CircuitSamplingSeconds</c>: the window failures are counted in.</summary>
    public TimeSpan CircuitSampling { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary><c>CircuitBreakSeconds</c>: how long the circuit stays open before one probe call is let through.</summary>
    public TimeSpan CircuitBreak { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The engine name sessions record: <c>upstream:{name}</c>.</summary>
    public string EngineName => EngineNames.Upstream(Name);

    public static IReadOnlyList<UpstreamOptions> Read(IConfiguration configuration)
    {
        var list = new List<UpstreamOptions>();
        foreach (var s in configuration.GetSection("Ops:Upstreams").GetChildren())
        {
            var baseUrl = s["BaseUrl"] is { Length: > 0 } b ? b : DefaultBaseUrl;
            if (!Uri.TryCreate(baseUrl.TrimEnd('/') + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new InvalidOperationException($"Ops:Upstreams:{s.Key}:BaseUrl '{baseUrl}' is not an absolute http(s) URL (e.g. {DefaultBaseUrl}).");
            }
            list.Add(new UpstreamOptions
            {
                Name = s.Key,
                BaseUrl = uri,
                ApiKey = s["ApiKey"] ?? "",
                Timeout = Seconds(s, "TimeoutSeconds", 180),
                AttemptTimeout = Seconds(s, "AttemptTimeoutSeconds", 120),
                MaxRetries = (int)Number(s, "MaxRetries", 3, 0, 10),
                RetryDelay = TimeSpan.FromMilliseconds(Number(s, "RetryDelayMilliseconds", 500, 1, 60_000)),
                MaxRetryDelay = Seconds(s, "MaxRetryDelaySeconds", 30),
                CircuitFailureRatio = Number(s, "CircuitFailureRatio", 0.5, 0.01, 1.0),
                CircuitMinimumThroughput = (int)Number(s, "CircuitMinimumThroughput", 5, 2, 10_000),
                CircuitSampling = Seconds(s, "CircuitSamplingSeconds", 30),
                CircuitBreak = Seconds(s, "CircuitBreakSeconds", 30),
            });
        }
        return list;
    }

    private static TimeSpan Seconds(IConfigurationSection s, string key, double fallback) =>
        TimeSpan.FromSeconds(Number(s, key, fallback, 0.5, 24 * 3600));

    private static double Number(IConfigurationSection s, string key, double fallback, double min, double max)
    {
        if (s[key] is not { Length: > 0 } raw)
        {
            return fallback;
        }
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
        {
            throw new InvalidOperationException($"Ops:Upstreams:{s.Key}:{key} is '{raw}'; it must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}.");
        }
        return v;
    }
}

/// <summary>Engine names as sessions record them: <c>local</c> or <c>upstream:{name}</c>.</summary>
public static class EngineNames
{
    public const string Local = "local";
    public const string UpstreamPrefix = "upstream:";

    public static string Upstream(string name) => UpstreamPrefix + name;
}
