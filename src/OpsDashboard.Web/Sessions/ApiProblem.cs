namespace OpsDashboard.Web.Sessions;

/// <summary>
/// A failure the caller must be told about, with the contract's status code, short name and a
/// sentence that says what was wrong and how to fix it.
/// </summary>
public sealed class ApiProblem(int statusCode, string error, string message, TimeSpan? retryAfter = null) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
    public string Error { get; } = error;
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>A body to answer as it is (an upstream's own 402/400/422 JSON), instead of one built from the fields.</summary>
    public string? VerbatimBody { get; init; }

    public static ApiProblem BadRequest(string message) => new(400, "Bad Request", message);
    public static ApiProblem NotFound(string message) => new(404, "Not Found", message);
    public static ApiProblem Conflict(string message) => new(409, "Conflict", message);
    public static ApiProblem Quota(string message) => new(402, "Payment Required", message);
    public static ApiProblem Unavailable(string message, TimeSpan? retryAfter = null) => new(503, "Service Unavailable", message, retryAfter);
}
