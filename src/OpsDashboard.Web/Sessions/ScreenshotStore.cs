using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OpsDashboard.Web.Configuration;
using OpsDashboard.Web.Data;

namespace OpsDashboard.Web.Sessions;

/// <summary>
/// Screenshots as PNG files under the data directory, one row each in the database. Served only
/// to the owning tenant's key, or through a link signed with HMAC-SHA256 that expires.
/// </summary>
public sealed class ScreenshotStore(IDbContextFactory<OpsDbContext> dbFactory, IOptions<OpsOptions> options, DataDirectory data, TimeProvider clock)
{
    private readonly byte[] _signingKey = data.LoadOrCreateSecret("screenshot-signing.key");

    /// <summary>The stored image's media type, from its file name (thumbnails are <c>.jpg</c>).</summary>
    public static string ContentType(string path) =>
        path.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) ? "image/jpeg" : "image/png";

    /// <summary>Stores an image (PNG, or JPEG with <paramref name="extension"/> <c>jpg</c>) and records it; answers its id.</summary>
    public async Task<string> SaveAsync(string tenantId, string sessionId, long? stepId, byte[] png, CancellationToken ct, string extension = "png")
    {
        using var timed = OpsDashboard.Web.Diagnostics.StepPhases.Time("picture_write");
        var id = "shot_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var relative = Path.Combine("screenshots", sessionId, id + "." + extension);
        var full = Path.Combine(data.Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllBytesAsync(full, png, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Screenshots.Add(new ScreenshotRecord
        {
            Id = id,
            SessionId = sessionId,
            TenantId = tenantId,
            StepId = stepId,
            Path = relative,
            Bytes = png.Length,
            CreatedAt = clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            // No record, no file: nothing is left on disk that no row points to.
            File.Delete(full);
            throw;
        }
        return id;
    }

    /// <summary>An absolute link to the screenshot that works without the key until it expires.</summary>
    public string SignedUrl(string baseUrl, string screenshotId)
    {
        var expires = (clock.GetUtcNow() + options.Value.ScreenshotLinkLifetime).ToUnixTimeSeconds();
        return $"{baseUrl.TrimEnd('/')}/v1/web/screenshots/{screenshotId}.png?expires={expires}&sig={Sign(screenshotId, expires)}";
    }

    public bool VerifySignature(string screenshotId, long expires, string? sig)
    {
        if (sig is null || clock.GetUtcNow().ToUnixTimeSeconds() > expires)
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(screenshotId, expires));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(sig));
    }

    public async Task<(ScreenshotRecord Record, string FullPath)?> FindAsync(string screenshotId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await db.Screenshots.AsNoTracking().FirstOrDefaultAsync(s => s.Id == screenshotId, ct);
        if (record is null)
        {
            return null;
        }
        var full = Path.Combine(data.Root, record.Path);
        return File.Exists(full) ? (record, full) : null;
    }

    private string Sign(string id, long expires) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_signingKey, Encoding.UTF8.GetBytes($"{id}|{expires}")));
}
