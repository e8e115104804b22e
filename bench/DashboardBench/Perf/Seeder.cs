using Microsoft.Data.Sqlite;

namespace DashboardBench.Perf;

/// <summary>
/// Writes ended session rows straight into the gateway's registry (<c>opsdashboard.db</c>, table
/// <c>Sessions</c> as created by the Initial migration: DateTimeOffset columns hold UTC ticks). Run it
/// while the gateway is stopped. The rows are ended (closed, expired, a few failed) because a starting
/// gateway fails every row that looks live ("gateway restarted") and because 5,000 live sessions would
/// need 5,000 browser contexts.
/// </summary>
internal static class Seeder
{
    private static readonly string?[] Holders = ["nightly-price-check", "catalog-export", "social-draft", "smoke-test", "checkout-bot", "lead-scraper", null];
    private static readonly string[] Urls =
    [
        "practice/shop/", "practice/shop/deals.html", "practice/catalog/category.html?c=men-jeans", "practice/social/", "practice/data/", "practice/",
    ];

    public static int Seed(string databasePath, int count, Uri baseUrl, DateTimeOffset now, string tenantId)
    {
        var random = new Random(5000);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO Sessions (Id, TenantId, Status, Engine, Holder, MetadataJson, CreatedAt, LastUsedAt, LeaseExpiresAt, MaxExpiresAt,
                                  EndedAt, EndReason, CurrentUrl, StepCount, Width, Height, LastError)
            VALUES ($id, $tenant, $status, 'local', $holder, NULL, $created, $lastUsed, $lease, $max, $ended, $reason, $url, $steps, 1280, 800, $error)
            """;
        var p = new Dictionary<string, SqliteParameter>();
        foreach (var name in new[] { "id", "tenant", "status", "holder", "created", "lastUsed", "lease", "max", "ended", "reason", "url", "steps", "error" })
        {
            p[name] = insert.Parameters.Add(new SqliteParameter("$" + name, null));
        }
        insert.Prepare();
        for (var i = 0; i < count; i++)
        {
            // Newest first: one every ~30 s over the last ~42 hours, all older than the live sessions made later.
            var created = now - TimeSpan.FromSeconds(60 + (i * 30) + random.Next(0, 20));
            var steps = random.Next(0, 40);
            var lastUsed = created + TimeSpan.FromSeconds(2 + (steps * 3));
            var lease = lastUsed + TimeSpan.FromMinutes(10);
            var (status, ended, reason, error) = (i % 20) switch
            {
                0 => ("failed", lastUsed + TimeSpan.FromSeconds(1), "the browser context crashed", "Target page, context or browser has been closed"),
                1 or 2 or 3 or 4 or 5 => ("expired", lease, "idle timeout: no step for 00:10:00", (string?)null),
                _ => ("closed", lastUsed + TimeSpan.FromSeconds(random.Next(1, 30)), "closed by the client", (string?)null),
            };
            p["id"].Value = "sess_" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
            p["tenant"].Value = tenantId;
            p["status"].Value = status;
            p["holder"].Value = (object?)Holders[i % Holders.Length] ?? DBNull.Value;
            p["created"].Value = created.UtcTicks;
            p["lastUsed"].Value = lastUsed.UtcTicks;
            p["lease"].Value = lease.UtcTicks;
            p["max"].Value = (created + TimeSpan.FromHours(2)).UtcTicks;
            p["ended"].Value = ended.UtcTicks;
            p["reason"].Value = reason;
            p["url"].Value = new Uri(baseUrl, Urls[i % Urls.Length]).ToString();
            p["steps"].Value = steps;
            p["error"].Value = (object?)error ?? DBNull.Value;
            insert.ExecuteNonQuery();
        }
        transaction.Commit();
        using var check = connection.CreateCommand();
        check.CommandText = "SELECT COUNT(*) FROM Sessions";
        return Convert.ToInt32(check.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
