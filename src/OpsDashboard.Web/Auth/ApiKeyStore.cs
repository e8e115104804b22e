using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OpsDashboard.Web.Data;

namespace OpsDashboard.Web.Auth;

/// <summary>An authenticated caller: the tenant its key belongs to.</summary>
public sealed record Caller(string TenantId, int KeyId);

/// <summary>
/// API keys: generated with 256 bits of randomness, stored only as SHA-256 hashes, looked up by
/// hash. Keys that authenticated are cached for a few seconds so a busy client does not hit the
/// database on every call; unknown keys are never cached (anyone can present any number of them),
/// and the cache holds at most <see cref="MaxCachedKeys"/> entries. Revocation clears the cache.
/// Thread-safe.
/// </summary>
public sealed class ApiKeyStore(IDbContextFactory<OpsDbContext> dbFactory, TimeProvider clock)
{
    public const string HeaderName = "X_MULTION_API_KEY";
    public const string DefaultTenant = "default";
    /// <summary>Bound on the key cache: far above the keys a node serves at once.</summary>
    public const int MaxCachedKeys = 4096;
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, (Caller Caller, DateTimeOffset Until)> _cache = new();

    /// <summary>How many keys the cache holds now (tests pin that wrong keys add none).</summary>
    internal int CachedKeyCount => _cache.Count;

    public static string NewKey() => "ops_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The caller of a key that authenticated in the last few seconds, without touching the database; else null.</summary>
    public Caller? FindCached(string? key)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 200)
        {
            return null;
        }
        return _cache.TryGetValue(Hash(key.Trim()), out var hit) && hit.Until > clock.GetUtcNow() ? hit.Caller : null;
    }

    public async Task<Caller?> FindAsync(string? key, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(key) || key.Length > 200)
        {
            return null;
        }
        var hash = Hash(key.Trim());
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(hash, out var hit) && hit.Until > now)
        {
            return hit.Caller;
        }
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.ApiKeys.AsNoTracking()
            .Where(k => k.KeyHash == hash && k.RevokedAt == null)
            .Select(k => new { k.Id, k.TenantId })
            .FirstOrDefaultAsync(ct);
        if (record is null)
        {
            return null;
        }
        var caller = new Caller(record.TenantId, record.Id);
        Remember(hash, caller, now);
        return caller;
    }

    private void Remember(string hash, Caller caller, DateTimeOffset now)
    {
        if (_cache.Count >= MaxCachedKeys && !_cache.ContainsKey(hash))
        {
            foreach (var (h, entry) in _cache)
            {
                if (entry.Until <= now)
                {
                    _cache.TryRemove(h, out _);
                }
            }
            if (_cache.Count >= MaxCachedKeys)
            {
                return; // still full of live keys: this one is looked up again next time
            }
        }
        _cache[hash] = (caller, now + CacheFor);
    }

    /// <summary>Creates a key for a tenant (creating the tenant if new) and returns the plain key, shown once.</summary>
    public async Task<string> CreateAsync(string tenantId, string? label, CancellationToken ct, string? plainKey = null)
    {
        var key = plainKey ?? NewKey();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.Tenants.AnyAsync(t => t.Id == tenantId, ct))
        {
            db.Tenants.Add(new TenantRecord { Id = tenantId, Name = tenantId, CreatedAt = clock.GetUtcNow() });
        }
        db.ApiKeys.Add(new ApiKeyRecord
        {
            TenantId = tenantId,
            KeyHash = Hash(key),
            Prefix = key[..Math.Min(8, key.Length)],
            Label = label,
            CreatedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return key;
    }

    public async Task<bool> RevokeAsync(int keyId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.RevokedAt == null, ct);
        if (key is null)
        {
            return false;
        }
        key.RevokedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        _cache.Clear();
        return true;
    }

    /// <summary>Every key, newest first (hashes and prefixes only: the plain keys are never stored).</summary>
    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keys = await db.ApiKeys.AsNoTracking().ToListAsync(ct);
        return keys.OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id).ToList();
    }

    /// <summary>
    /// Start-up: a key from <c>OPSDASH_API_KEY</c> is registered for the default tenant (idempotent);
    /// without one and with no key at all yet, a key is generated and returned to be printed once.
    /// </summary>
    public async Task<string?> SeedAsync(string? configuredKey, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!string.IsNullOrWhiteSpace(configuredKey))
        {
            var hash = Hash(configuredKey.Trim());
            if (!await db.ApiKeys.AnyAsync(k => k.KeyHash == hash, ct))
            {
                await CreateAsync(DefaultTenant, "OPSDASH_API_KEY", ct, configuredKey.Trim());
            }
            return null;
        }
        if (await db.ApiKeys.AnyAsync(ct))
        {
            return null;
        }
        return await CreateAsync(DefaultTenant, "generated at first start", ct);
    }
}
