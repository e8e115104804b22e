using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using OpsDashboard.Web.Auth;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Web.ScaleOut;

/// <summary>
/// The dashboard's circuit may live on any node: a step it sends for a session held by another node
/// goes to that node's own <c>POST /v1/web/session/{id}</c> (the node recorded for the session, as
/// the router would send it), authenticated as the session's tenant with a short-lived token sealed
/// by Data Protection, whose key ring all nodes share in the database.
/// </summary>
public sealed class NodeForwarding(IDbContextFactory<OpsDbContext> dbf, NodeIdentity self, NodeDirectory nodes, IDataProtectionProvider protection, TimeProvider clock)
{
    public const string HeaderName = "X-OpsDash-Node-Token";
    private static readonly TimeSpan TokenFor = TimeSpan.FromMinutes(2);
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("OpsDashboard.NodeForwarding").ToTimeLimitedDataProtector();
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, UseCookies = false }) { Timeout = TimeSpan.FromMinutes(10) };

    /// <summary>The address of the live node holding <paramref name="sessionId"/> when that is another node, else null (run it here).</summary>
    public async Task<string?> HolderElsewhereAsync(string tenantId, string sessionId, CancellationToken ct)
    {
        await using var db = await dbf.CreateDbContextAsync(ct);
        var node = await db.Sessions.AsNoTracking().Where(s => s.Id == sessionId && s.TenantId == tenantId).Select(s => s.NodeId).FirstOrDefaultAsync(ct);
        if (node is null || node == self.Id)
        {
            return null;
        }
        var live = (await nodes.ListAsync(ct)).FirstOrDefault(n => n.Id == node && n.IsLive);
        // A holder that is gone: run here, where the session's 404 says so (the reaper or router recorded why).
        return live?.Address is { Length: > 0 } address ? address : null;
    }

    /// <summary>Runs the step on the holding node and answers what it answered; its error answers come back as <see cref="ApiProblem"/>.</summary>
    public async Task<StepOutcome> StepAsync(string address, string tenantId, string sessionId, string cmd, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, address.TrimEnd('/') + "/v1/web/session/" + Uri.EscapeDataString(sessionId))
        {
            Content = JsonContent.Create(new { cmd }),
        };
        request.Headers.Add(HeaderName, _protector.Protect(tenantId, clock.GetUtcNow() + TokenFor));
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var response = await _http.SendAsync(request, ct);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        if (!response.IsSuccessStatusCode)
        {
            var message = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("message", out var m) ? m.GetString() : body.ToString();
            var error = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : response.ReasonPhrase ?? "Error";
            throw new ApiProblem((int)response.StatusCode, error, $"The node holding session {sessionId} answered: {message}");
        }
        string Str(string name) => body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        return new StepOutcome(sessionId, Str("status"), Str("message"), Str("url"), null, 0, System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    /// <summary>The tenant a forwarded call acts for, when it carries a valid node token; null otherwise.</summary>
    public Caller? CallerOf(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(HeaderName, out var token) || string.IsNullOrEmpty(token))
        {
            return null;
        }
        try
        {
            return new Caller(_protector.Unprotect(token.ToString(), out _), 0);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}
