using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using OpsDashboard.Web.Data;

namespace OpsDashboard.Web.Profiles;

/// <summary>Running totals of the per-step state saves (for docs/performance.md and the logs).</summary>
public sealed class StateSaveStats
{
    private long _count, _totalTicks, _maxTicks, _bytes;

    public long Count => Interlocked.Read(ref _count);
    public TimeSpan Total => TimeSpan.FromTicks(Interlocked.Read(ref _totalTicks));
    public TimeSpan Max => TimeSpan.FromTicks(Interlocked.Read(ref _maxTicks));
    public TimeSpan Mean => Count == 0 ? TimeSpan.Zero : Total / Count;
    public long LastBytes => Interlocked.Read(ref _bytes);

    internal void Add(TimeSpan elapsed, long bytes)
    {
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _totalTicks, elapsed.Ticks);
        Interlocked.Exchange(ref _bytes, bytes);
        long seen;
        while (elapsed.Ticks > (seen = Interlocked.Read(ref _maxTicks)) && Interlocked.CompareExchange(ref _maxTicks, elapsed.Ticks, seen) != seen)
        {
        }
    }
}

/// <summary>
/// The restart record of live sessions (<see cref="SessionStateRecord"/>): which profile a session
/// came from, and after every step its storage state (encrypted with Data Protection) and URL.
/// </summary>
public sealed class SessionStateStore(IDbContextFactory<OpsDbContext> dbFactory, IDataProtectionProvider protection, TimeProvider clock)
{
    private readonly IDataProtector _protector = protection.CreateProtector("OpsDashboard.Sessions.RestartState.v1");

    public StateSaveStats Stats { get; } = new();

    public async Task StartAsync(string sessionId, ProfileAttachment? profile)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        db.SessionStates.Add(new SessionStateRecord
        {
            SessionId = sessionId, ProfileId = profile?.ProfileId, ProfileName = profile?.Name, Persist = profile?.Persist ?? false,
        });
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>Encrypts and stores a session's state and URL; answers how long it took (encryption and write).</summary>
    public async Task SaveAsync(string sessionId, string stateJson, string? url, int afterStep, TimeSpan exportTime)
    {
        var started = Stopwatch.GetTimestamp();
        var data = _protector.Protect(Encoding.UTF8.GetBytes(stateJson));
        var now = clock.GetUtcNow();
        var size = (long)Encoding.UTF8.GetByteCount(stateJson);
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var updated = await db.SessionStates.Where(s => s.SessionId == sessionId).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.StateProtected, data)
            .SetProperty(s => s.Url, url)
            .SetProperty(s => s.SizeBytes, size)
            .SetProperty(s => s.SavedAt, now)
            .SetProperty(s => s.SavedAfterStep, afterStep));
        if (updated == 0)
        {
            db.SessionStates.Add(new SessionStateRecord { SessionId = sessionId, StateProtected = data, Url = url, SizeBytes = size, SavedAt = now, SavedAfterStep = afterStep });
            await db.SaveChangesAsync(CancellationToken.None);
        }
        Stats.Add(exportTime + Stopwatch.GetElapsedTime(started), size);
    }

    public async Task<SessionStateRecord?> GetAsync(string sessionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.SessionStates.AsNoTracking().FirstOrDefaultAsync(s => s.SessionId == sessionId, ct);
    }

    /// <summary>The saved state, decrypted; null when none was saved. Throws <see cref="CryptographicException"/> without the key.</summary>
    public string? Unprotect(SessionStateRecord record) =>
        record.StateProtected is null ? null : Encoding.UTF8.GetString(_protector.Unprotect(record.StateProtected));

    /// <summary>
    /// An ended session's state is not kept (only its profile, if it persists, keeps what it saved);
    /// the row stays as the record of which profile the session came from.
    /// </summary>
    public async Task ClearAsync(string sessionId)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.SessionStates.Where(s => s.SessionId == sessionId).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.StateProtected, (byte[]?)null)
            .SetProperty(s => s.SizeBytes, 0));
    }
}
