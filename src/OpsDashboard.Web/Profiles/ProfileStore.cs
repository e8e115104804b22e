using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsDashboard.Web.Configuration;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Web.Profiles;

/// <summary>A profile as listed and inspected: everything but the values.</summary>
public sealed record ProfileView(
    string Id, string TenantId, string Name, long SizeBytes, IReadOnlyList<string> Origins, IReadOnlyList<OriginSummary> OriginDetails,
    IReadOnlyList<CookieSummary> Cookies, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset LastUsedAt,
    string? LastSavedFromSessionId, string? HolderSessionId, DateTimeOffset? ExpiresAt);

/// <summary>A profile a new session starts from: which one, whether it writes back, and its state (null: empty so far).</summary>
public sealed record ProfileAttachment(string ProfileId, string Name, bool Persist, string? StateJson);

/// <summary>
/// Per-tenant saved browser profiles: the Playwright storage state encrypted with Data Protection
/// (keys kept in the same database), plus value-free summaries (cookie names and expiry, origins).
/// One writer at a time: a session attached with <c>persist</c> holds the profile until it ends.
/// </summary>
public sealed partial class ProfileStore(
    IDbContextFactory<OpsDbContext> dbFactory, IDataProtectionProvider protection, TimeProvider clock, IOptions<OpsOptions> options,
    ILogger<ProfileStore> logger)
{
    private readonly IDataProtector _protector = protection.CreateProtector("OpsDashboard.Profiles.StorageState.v1");
    private readonly OpsOptions _options = options.Value;

    public long MaxBytes => _options.MaxProfileBytes;

    public static bool LooksLikeId(string s) => s.StartsWith("prof_", StringComparison.Ordinal);

    /// <summary>The profile named or with this id in the tenant, or null.</summary>
    public async Task<ProfileRecord?> FindAsync(string tenantId, string nameOrId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await FindAsync(db, tenantId, nameOrId, ct);
    }

    private static Task<ProfileRecord?> FindAsync(OpsDbContext db, string tenantId, string nameOrId, CancellationToken ct) =>
        db.Profiles.FirstOrDefaultAsync(p => p.TenantId == tenantId && (p.Id == nameOrId || p.Name == nameOrId), ct);

    public static ApiProblem Unknown(string nameOrId) => ApiProblem.NotFound(
        $"No saved browser profile '{nameOrId}' exists for this API key. List yours with GET /api/profiles, or save one from a live session " +
        "with POST /api/profiles {\"name\": \"...\", \"session_id\": \"...\"} (or create the session with \"persist\": true and a new name).");

    private static ApiProblem Held(ProfileRecord p) => ApiProblem.Conflict(
        $"Profile '{p.Name}' is held by session {p.HolderSessionId}, which was started with \"persist\": true; one session at a time may write a profile. " +
        $"Close that session (DELETE /v1/web/session/{p.HolderSessionId}) or attach the profile without \"persist\" to start from it read-only.");

    /// <summary>
    /// Attaches a profile to a new session: read-only, or (persist) taking the one-writer lock. With
    /// persist, a new name makes a new, empty profile. 404 for an unknown one, 409 when another session holds it.
    /// </summary>
    public async Task<ProfileAttachment> AttachAsync(string tenantId, string sessionId, string nameOrId, bool persist, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var profile = await FindAsync(db, tenantId, nameOrId, ct);
        if (profile is null)
        {
            if (!persist || LooksLikeId(nameOrId))
            {
                throw Unknown(nameOrId);
            }
            CheckName(nameOrId);
            profile = new ProfileRecord
            {
                Id = NewId(), TenantId = tenantId, Name = nameOrId, CreatedAt = now, UpdatedAt = now, LastUsedAt = now, HolderSessionId = sessionId,
            };
            db.Profiles.Add(profile);
            try
            {
                await db.SaveChangesAsync(ct);
                return new ProfileAttachment(profile.Id, profile.Name, true, null);
            }
            catch (DbUpdateException)
            {
                // Made at the same moment by another request: attach to that one.
                db.ChangeTracker.Clear();
                profile = await FindAsync(db, tenantId, nameOrId, ct) ?? throw Unknown(nameOrId);
            }
        }
        if (persist)
        {
            // The lock is taken with one conditional update, so two racing persist attaches cannot both win.
            var taken = await db.Profiles.Where(p => p.Id == profile.Id && p.HolderSessionId == null)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.HolderSessionId, sessionId).SetProperty(p => p.LastUsedAt, now), ct);
            if (taken == 0)
            {
                await db.Entry(profile).ReloadAsync(ct);
                throw Held(profile);
            }
        }
        else
        {
            await db.Profiles.Where(p => p.Id == profile.Id).ExecuteUpdateAsync(u => u.SetProperty(p => p.LastUsedAt, now), ct);
        }
        return new ProfileAttachment(profile.Id, profile.Name, persist, Unprotect(profile.StateProtected));
    }

    /// <summary>Gives up a session's write lock (when it ends or could not start).</summary>
    public async Task ReleaseAsync(string profileId, string sessionId)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.Profiles.Where(p => p.Id == profileId && p.HolderSessionId == sessionId)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.HolderSessionId, (string?)null));
    }

    /// <summary>413 naming the limit when a state is bigger than <see cref="MaxBytes"/>.</summary>
    public void CheckSize(string stateJson, string name)
    {
        var size = Encoding.UTF8.GetByteCount(stateJson);
        if (_options.MaxProfileBytes > 0 && size > _options.MaxProfileBytes)
        {
            throw new ApiProblem(413, "Payload Too Large",
                $"The browser state for profile '{name}' is {size:N0} bytes, over the limit of {_options.MaxProfileBytes:N0} bytes (Ops:MaxProfileBytes). " +
                "Clear large localStorage or IndexedDB data on the session's sites, or raise Ops:MaxProfileBytes.");
        }
    }

    /// <summary>Writes a session's state into a profile (which it holds, or which nobody holds).</summary>
    public async Task SaveStateAsync(string profileId, string sessionId, string stateJson, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var profile = await db.Profiles.FirstOrDefaultAsync(p => p.Id == profileId, ct) ?? throw Unknown(profileId);
        if (profile.HolderSessionId is { } holder && holder != sessionId)
        {
            throw Held(profile);
        }
        CheckSize(stateJson, profile.Name);
        Apply(profile, sessionId, stateJson, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Profile {ProfileId} ({Name}) saved from session {SessionId}: {Bytes} bytes", profile.Id, profile.Name, sessionId, profile.SizeBytes);
    }

    /// <summary>Saves a live session's state under a name (a new profile, or over an existing one nobody else holds).</summary>
    public async Task<ProfileRecord> SaveAsNamedAsync(string tenantId, string nameOrId, string sessionId, string stateJson, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var profile = await FindAsync(db, tenantId, nameOrId, ct);
        if (profile is null)
        {
            if (LooksLikeId(nameOrId))
            {
                throw Unknown(nameOrId);
            }
            CheckName(nameOrId);
            profile = new ProfileRecord { Id = NewId(), TenantId = tenantId, Name = nameOrId, CreatedAt = now };
            db.Profiles.Add(profile);
        }
        else if (profile.HolderSessionId is { } holder && holder != sessionId)
        {
            throw Held(profile);
        }
        CheckSize(stateJson, profile.Name);
        Apply(profile, sessionId, stateJson, now);
        await db.SaveChangesAsync(ct);
        return profile;
    }

    private void Apply(ProfileRecord profile, string sessionId, string stateJson, DateTimeOffset now)
    {
        var summary = StorageStateSummary.Parse(stateJson);
        profile.StateProtected = Protect(stateJson);
        profile.SizeBytes = Encoding.UTF8.GetByteCount(stateJson);
        profile.CookiesJson = JsonSerializer.Serialize(summary.Cookies);
        profile.OriginsJson = JsonSerializer.Serialize(summary.Origins);
        profile.UpdatedAt = now;
        profile.LastUsedAt = now;
        profile.LastSavedFromSessionId = sessionId;
    }

    public async Task<IReadOnlyList<ProfileView>> ListAsync(string? tenantId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.Profiles.AsNoTracking();
        if (tenantId is not null)
        {
            query = query.Where(p => p.TenantId == tenantId);
        }
        var rows = await query.OrderBy(p => p.TenantId).ThenBy(p => p.Name).ToListAsync(ct);
        return rows.Select(ToView).ToList();
    }

    public async Task<ProfileView> GetAsync(string tenantId, string nameOrId, CancellationToken ct) =>
        ToView(await FindAsync(tenantId, nameOrId, ct) ?? throw Unknown(nameOrId));

    public async Task<ProfileView> RenameAsync(string tenantId, string nameOrId, string newName, CancellationToken ct)
    {
        CheckName(newName);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var profile = await FindAsync(db, tenantId, nameOrId, ct) ?? throw Unknown(nameOrId);
        if (profile.Name == newName)
        {
            return ToView(profile);
        }
        if (await db.Profiles.AnyAsync(p => p.TenantId == tenantId && p.Name == newName, ct))
        {
            throw ApiProblem.Conflict($"A profile named '{newName}' already exists for this API key: pick another name, or delete that one first.");
        }
        profile.Name = newName;
        profile.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return ToView(profile);
    }

    public async Task DeleteAsync(string tenantId, string nameOrId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var profile = await FindAsync(db, tenantId, nameOrId, ct) ?? throw Unknown(nameOrId);
        if (profile.HolderSessionId is not null)
        {
            throw ApiProblem.Conflict(
                $"Profile '{profile.Name}' is held by session {profile.HolderSessionId} (started with \"persist\": true), which would write it again when it ends. " +
                $"Close that session first (DELETE /v1/web/session/{profile.HolderSessionId}), then delete the profile.");
        }
        db.Profiles.Remove(profile);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Deletes profiles nobody holds that no session used or saved for <c>Ops:ProfileTimeToLive</c>.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        if (_options.ProfileTimeToLive <= TimeSpan.Zero)
        {
            return 0;
        }
        var cutoff = clock.GetUtcNow() - _options.ProfileTimeToLive;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var gone = await db.Profiles.Where(p => p.HolderSessionId == null && p.LastUsedAt < cutoff).ExecuteDeleteAsync(ct);
        if (gone > 0)
        {
            logger.LogInformation("Deleted {Count} browser profiles unused for {Ttl}", gone, _options.ProfileTimeToLive);
        }
        return gone;
    }

    public ProfileView ToView(ProfileRecord p)
    {
        var cookies = JsonSerializer.Deserialize<List<CookieSummary>>(p.CookiesJson) ?? [];
        var origins = JsonSerializer.Deserialize<List<OriginSummary>>(p.OriginsJson) ?? [];
        var names = new StorageStateSummary(cookies, origins).OriginNames;
        return new ProfileView(p.Id, p.TenantId, p.Name, p.SizeBytes, names, origins, cookies, p.CreatedAt, p.UpdatedAt, p.LastUsedAt,
            p.LastSavedFromSessionId, p.HolderSessionId,
            _options.ProfileTimeToLive > TimeSpan.Zero && p.HolderSessionId is null ? p.LastUsedAt + _options.ProfileTimeToLive : null);
    }

    public byte[] Protect(string stateJson) => _protector.Protect(Encoding.UTF8.GetBytes(stateJson));

    public string? Unprotect(byte[]? data)
    {
        if (data is null)
        {
            return null;
        }
        try
        {
            return Encoding.UTF8.GetString(_protector.Unprotect(data));
        }
        catch (CryptographicException ex)
        {
            throw ApiProblem.Unavailable(
                $"The saved profile could not be decrypted: {ex.Message} Its Data Protection key is missing from the database (was the database replaced?). " +
                "Delete the profile and save it again.");
        }
    }

    private static void CheckName(string name)
    {
        if (!NameRe().IsMatch(name) || LooksLikeId(name))
        {
            throw ApiProblem.BadRequest(
                $"'{name}' cannot be a profile name: use 1 to 100 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit, and not starting with \"prof_\" (ids do).");
        }
    }

    private static string NewId() => "prof_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$")]
    private static partial Regex NameRe();
}
