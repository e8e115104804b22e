namespace OpsDashboard.Core.Engine;

/// <summary>
/// Thrown when the service behind an engine (a hosted upstream) refused or failed a call in a way
/// the caller must see with its own status: a 402 billing error, a 502 for a bad answer, a 503 while
/// its circuit is open, a 504 for a timeout. <see cref="VerbatimBody"/>: the upstream's own body,
/// passed to the caller as it came (402, 400, 422). The session lives on.
/// </summary>
public sealed class EngineCallException(int statusCode, string error, string message, TimeSpan? retryAfter = null, string? verbatimBody = null)
    : Exception(message)
{
    public int StatusCode { get; } = statusCode;
    public string Error { get; } = error;
    public TimeSpan? RetryAfter { get; } = retryAfter;
    public string? VerbatimBody { get; } = verbatimBody;

    /// <summary>A 402 from the upstream: its credits or plan, not our quota.</summary>
    public bool IsBilling => StatusCode == 402;
}

/// <summary>Thrown when the engine's backend no longer has the session (the upstream answered "session not found"): it ends <c>expired</c> with <see cref="Exception.Message"/> as reason.</summary>
public sealed class EngineSessionGoneException(string message) : Exception(message);

/// <summary>
/// How the current call wants the engine to answer, flowing with the async call (an
/// <see cref="AsyncLocal{T}"/>): set by the session service around a step whose caller hears progress.
/// </summary>
public static class EngineCall
{
    private static readonly AsyncLocal<bool> StreamedFlag = new();

    /// <summary>True while a step's caller hears progress as it comes (stream: true, the dashboard console).</summary>
    public static bool Streamed => StreamedFlag.Value;

    public static IDisposable Stream(bool streamed)
    {
        var before = StreamedFlag.Value;
        StreamedFlag.Value = streamed;
        return new Restore(() => StreamedFlag.Value = before);
    }

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}

/// <summary>
/// Thrown by an engine when its own machinery (the local browser, its driver) failed during a step in
/// a way it did not foresee: the step ends NOT SURE with <see cref="Exception.Message"/>, recorded with
/// <see cref="Detail"/> as its error, and the session lives on. Each engine translates its own library's
/// exceptions into this one, so nothing above the engine needs to know which library runs the browser.
/// </summary>
public sealed class EngineFaultException(string message, string detail, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The failure in a line, as the step's error.</summary>
    public string Detail { get; } = detail;
}
