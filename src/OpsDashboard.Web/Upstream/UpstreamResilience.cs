using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace OpsDashboard.Web.Upstream;

/// <summary>
/// The Polly pipeline in front of one upstream, outermost first: the overall timeout (every attempt
/// and wait included), retries, the circuit breaker, the per-attempt timeout.
/// <para>
/// Retries never run a cmd twice. <c>GET</c>/<c>DELETE</c> (screenshot, sessions, close) are retried
/// on connection failures, attempt timeouts, 408, 429, 502, 503 and 504. <c>POST</c> (create, step,
/// browse, retrieve) only when the request provably did not reach the upstream: the connection could
/// not be made (refused, name not resolved), a 429, or a 503 with <c>Retry-After</c>. Never on
/// 400/401/402/404/422. A wait honours <c>Retry-After</c>; one longer than <c>MaxRetryDelaySeconds</c>
/// is not waited for (the caller gets the answer and its Retry-After instead).
/// </para>
/// </summary>
public static class UpstreamResilience
{
    public static void Build(ResiliencePipelineBuilder<HttpResponseMessage> b, UpstreamOptions o, UpstreamHealth health)
    {
        b.AddTimeout(new HttpTimeoutStrategyOptions { Name = "overall", Timeout = o.Timeout });
        if (o.MaxRetries > 0)
        {
            b.AddRetry(new HttpRetryStrategyOptions
            {
                Name = "retry",
                MaxRetryAttempts = o.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = o.RetryDelay,
                MaxDelay = o.MaxRetryDelay,
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.GetRequestMessage(), o)),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } r && RetryAfter(r) is { } ra ? (TimeSpan?)ra : null),
            });
        }
        b.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            Name = "circuit",
            FailureRatio = o.CircuitFailureRatio,
            MinimumThroughput = o.CircuitMinimumThroughput,
            SamplingDuration = o.CircuitSampling,
            BreakDuration = o.CircuitBreak,
            ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome)),
            OnOpened = args =>
            {
                health.Opened(o.Name, args.BreakDuration);
                return default;
            },
            OnHalfOpened = _ =>
            {
                health.HalfOpened(o.Name);
                return default;
            },
            OnClosed = _ =>
            {
                health.Closed(o.Name);
                return default;
            },
        });
        b.AddTimeout(new HttpTimeoutStrategyOptions { Name = "attempt", Timeout = o.AttemptTimeout });
    }

    /// <summary>Counts against the circuit: no answer, a timeout, a 5xx or a 408.</summary>
    public static bool IsFailure(Outcome<HttpResponseMessage> outcome) => outcome.Exception switch
    {
        HttpRequestException or TimeoutRejectedException => true,
        not null => false,
        _ => outcome.Result is { } r && ((int)r.StatusCode >= 500 || r.StatusCode == HttpStatusCode.RequestTimeout),
    };

    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage? request, UpstreamOptions o)
    {
        var idempotent = request?.Method == HttpMethod.Get || request?.Method == HttpMethod.Delete;
        switch (outcome.Exception)
        {
            case BrokenCircuitException:
                return false;
            case HttpRequestException e:
                return idempotent || NeverReached(e);
            case TimeoutRejectedException:
                return idempotent;
            case not null:
                return false;
        }
        if (outcome.Result is not { } response)
        {
            return false;
        }
        var retryAfter = RetryAfter(response);
        if (retryAfter > o.MaxRetryDelay)
        {
            return false;
        }
        var code = (int)response.StatusCode;
        return idempotent
            ? code is 408 or 429 or 502 or 503 or 504
            : code == 429 || (code == 503 && retryAfter is not null);
    }

    /// <summary>The connection was never made, so the request was not sent: refused, reset while connecting, or the name did not resolve.</summary>
    public static bool NeverReached(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
        || e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound };

    public static TimeSpan? RetryAfter(HttpResponseMessage r)
    {
        if (r.Headers.RetryAfter is not { } h)
        {
            return null;
        }
        if (h.Delta is { } d)
        {
            return d < TimeSpan.Zero ? TimeSpan.Zero : d;
        }
        if (h.Date is { } at)
        {
            var wait = at - DateTimeOffset.UtcNow;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }
}
