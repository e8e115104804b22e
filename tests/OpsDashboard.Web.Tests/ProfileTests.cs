using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests;

/// <summary>
/// Saved browser profiles in real Chromium and SQLite: what a profile keeps (session and persistent
/// cookies, localStorage, IndexedDB), one writer at a time, tenants apart, values encrypted at rest.
/// </summary>
public sealed class ProfileTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private GatewayFactory _factory = null!;
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _factory = new GatewayFactory();
        _factory.Start();
        _client = _factory.Client();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    private string Practice(string path) => new Uri(_factory.BaseAddress, "/practice/" + path).ToString();

    private async Task<string> CreateAsync(object body)
    {
        var (status, json) = await _client.PostJsonAsync("/v1/web/session", body);
        Assert.True(status == 200, $"create answered {status}: {json}");
        return json.Str("session_id");
    }

    /// <summary>The page's text as displayed, read until it shows <paramref name="until"/> (the page's scripts finish their async storage work).</summary>
    private async Task<string> ReadUntilAsync(string id, string until)
    {
        var text = "";
        for (var i = 0; i < 40 && !text.Contains(until, StringComparison.Ordinal); i++)
        {
            var (status, json) = await _client.PostJsonAsync("/v1/web/retrieve", new { cmd = "page", session_id = id, format = "markdown", render_js = true });
            Assert.Equal(200, status);
            text = json.Str("message");
        }
        Assert.Contains(until, text);
        return text;
    }

    private async Task<JsonElement> StepAsync(string id, string cmd)
    {
        var (status, json) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd });
        Assert.True(status == 200, $"{cmd} → HTTP {status}: {json}");
        return json;
    }

    [Fact]
    public async Task Profile_RoundTrip_SessionCookie_PersistentCookie_LocalStorage_AndIndexedDb_ComeBackInANewSession()
    {
        var writer = await CreateAsync(new { url = Practice("storage/?write=rt42"), profile = "round-trip", persist = true });
        await ReadUntilAsync(writer, "All four written.");
        var (closed, _) = await _client.DeleteJsonAsync($"/v1/web/session/{writer}");
        Assert.Equal(200, closed);

        var (status, profile) = await _client.GetJsonAsync("/api/profiles/round-trip");
        Assert.Equal(200, status);
        Assert.Equal(writer, profile.Str("last_saved_from_session"));
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("holder_session").ValueKind);
        var cookies = profile.GetProperty("cookies").EnumerateArray().ToDictionary(c => c.Str("name"));
        Assert.True(cookies["practice_session"].GetProperty("session").GetBoolean());
        Assert.False(cookies["practice_pref"].GetProperty("session").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, cookies["practice_pref"].GetProperty("expires").ValueKind);
        var origin = _factory.BaseAddress.GetLeftPart(UriPartial.Authority);
        Assert.Contains(origin, profile.GetProperty("origins").EnumerateArray().Select(o => o.GetString()));
        Assert.Contains(profile.GetProperty("storage").EnumerateArray(), o => o.GetProperty("indexeddb").EnumerateArray().Any(d => d.GetString() == "practice_storage"));
        // Inspecting a profile never shows a value.
        Assert.DoesNotContain("rt42", profile.GetRawText());

        var reader = await CreateAsync(new { url = Practice("storage/"), profile = "round-trip" });
        var text = await ReadUntilAsync(reader, "All four read.");
        Assert.Contains("Session cookie: sess-rt42", text);
        Assert.Contains("Persistent cookie: pref-rt42", text);
        Assert.Contains("localStorage: note-rt42", text);
        Assert.Contains("IndexedDB: idb-rt42", text);
    }

    [Fact]
    public async Task Profile_ShopSignInSurvives_AndLoginWithTheSavedProfileDoesNotSignInAgain()
    {
        var first = await CreateAsync(new { url = Practice("shop/") });
        var login = await StepAsync(first, "log in");
        Assert.Contains("signed in as demo@example.com", login.Str("message"), StringComparison.OrdinalIgnoreCase);
        var (saved, savedJson) = await _client.PostJsonAsync("/api/profiles", new { name = "shop", session_id = first });
        Assert.True(saved == 200, savedJson.ToString());
        Assert.Contains(savedJson.GetProperty("cookies").EnumerateArray(), c => c.Str("name") == "practice_shop_session");
        await _client.DeleteJsonAsync($"/v1/web/session/{first}");

        var second = await CreateAsync(new { url = Practice("shop/"), profile = "shop" });
        var again = await StepAsync(second, "Log in using the saved browser profile if available");

        Assert.Equal("DONE", again.Str("status"));
        Assert.Contains("already signed in", again.Str("message"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("signed in as demo@example.com", again.Str("message"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("signin.html", again.Str("url"));
    }

    [Fact]
    public async Task Profile_OneWriterAtATime_ASecondPersistAttachIs409NamingTheHolder_ReadOnlyAttachesAreFine()
    {
        var holder = await CreateAsync(new { url = Practice("storage/"), profile = "locked", persist = true });

        var (status, json) = await _client.PostJsonAsync("/v1/web/session", new { url = Practice("storage/"), profile = "locked", persist = true });
        Assert.Equal(409, status);
        Assert.Contains(holder, json.Str("message"));
        var (browse, browseJson) = await _client.PostJsonAsync("/v1/web/browse", new { cmd = "scroll down", url = Practice("storage/"), profile = "locked", persist = true, max_steps = 1 });
        Assert.Equal(409, browse);
        Assert.Contains(holder, browseJson.Str("message"));
        await CreateAsync(new { url = Practice("storage/"), profile = "locked" });
        await CreateAsync(new { url = Practice("storage/"), profile = "locked" });
        var (deleteStatus, deleteJson) = await _client.DeleteJsonAsync("/api/profiles/locked");
        Assert.Equal(409, deleteStatus);
        Assert.Contains(holder, deleteJson.Str("message"));

        await _client.DeleteJsonAsync($"/v1/web/session/{holder}");
        var next = await CreateAsync(new { url = Practice("storage/"), profile = "locked", persist = true });
        var (_, profile) = await _client.GetJsonAsync("/api/profiles/locked");
        Assert.Equal(next, profile.Str("holder_session"));
    }

    [Fact]
    public async Task Profiles_OfAnotherTenant_AreNotFound_ForEveryCall()
    {
        var id = await CreateAsync(new { url = Practice("storage/?write=tenant"), profile = "mine", persist = true });
        await _client.DeleteJsonAsync($"/v1/web/session/{id}");
        var (_, mine) = await _client.GetJsonAsync("/api/profiles/mine");
        var profileId = mine.Str("profile_id");
        var other = _factory.Client(await _factory.CreateKeyAsync("tenant-b"));

        var (list, listJson) = await other.GetJsonAsync("/api/profiles");
        Assert.Equal(200, list);
        Assert.Equal(0, listJson.GetArrayLength());
        foreach (var name in new[] { "mine", profileId })
        {
            Assert.Equal(404, (await other.GetJsonAsync($"/api/profiles/{name}")).Status);
            Assert.Equal(404, (await other.DeleteJsonAsync($"/api/profiles/{name}")).Status);
            var (create, createJson) = await other.PostJsonAsync("/v1/web/session", new { url = Practice("storage/"), profile = name });
            Assert.Equal(404, create);
            Assert.Contains(name, createJson.Str("message"));
        }
        Assert.Equal(200, (await _client.GetJsonAsync($"/api/profiles/{profileId}")).Status);
    }

    [Fact]
    public async Task ProfileValues_AreNotReadableInTheDatabaseFile_WithoutTheKey()
    {
        const string token = "Zq7secretvalue9X";
        var id = await CreateAsync(new { url = Practice($"storage/?write={token}"), profile = "at-rest", persist = true });
        await ReadUntilAsync(id, "All four written.");
        await StepAsync(id, "scroll down");
        await _client.DeleteJsonAsync($"/v1/web/session/{id}");
        var (_, profile) = await _client.GetJsonAsync("/api/profiles/at-rest");
        Assert.True(profile.GetProperty("size_bytes").GetInt64() > 0);

        var bytes = new List<byte>();
        foreach (var file in Directory.GetFiles(_factory.DataDirectory, "opsdashboard.db*"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            bytes.AddRange(copy.ToArray());
        }
        var raw = bytes.ToArray();
        Assert.True(raw.Length > 0);
        // The token is in the recorded URL (history); the values made from it live only in the encrypted states.
        Assert.NotEqual(-1, raw.AsSpan().IndexOf(Encoding.UTF8.GetBytes(token)));
        foreach (var value in new[] { "sess-", "pref-", "note-", "idb-" }.Select(p => p + token))
        {
            Assert.Equal(-1, raw.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)));
            Assert.Equal(-1, raw.AsSpan().IndexOf(Encoding.Unicode.GetBytes(value)));
        }
        // The cookie's name is in the value-free summary, as a control that the right file was read.
        Assert.NotEqual(-1, raw.AsSpan().IndexOf(Encoding.UTF8.GetBytes("practice_pref")));
    }

    [Fact]
    public async Task BadProfileFields_Answer422_UnknownProfile404_AndAnOversizedState413NamingTheLimit()
    {
        var (s1, j1) = await _client.PostJsonAsync("/v1/web/session", new { url = Practice("storage/"), profile = "x", persist = "yes" });
        Assert.Equal(422, s1);
        Assert.Contains(j1.GetProperty("detail").EnumerateArray(), d => d.GetProperty("loc").EnumerateArray().Last().GetString() == "persist");
        var (s2, j2) = await _client.PostJsonAsync("/v1/web/session", new { url = Practice("storage/"), persist = true });
        Assert.Equal(422, s2);
        Assert.Contains("profile", j2.GetProperty("detail")[0].Str("msg"));
        var (s3, _) = await _client.PostJsonAsync("/v1/web/session", new { url = Practice("storage/"), profile = 12 });
        Assert.Equal(422, s3);
        var (s4, j4) = await _client.PostJsonAsync("/v1/web/session", new { url = Practice("storage/"), profile = "no-such-profile" });
        Assert.Equal(404, s4);
        Assert.Contains("no-such-profile", j4.Str("message"));
        var (s5, j5) = await _client.PostJsonAsync("/v1/web/browse", new { cmd = "scroll down", session_id = "abc", profile = "x" });
        Assert.Equal(422, s5);
        Assert.Contains("session_id", j5.GetProperty("detail")[0].Str("msg"));

        await using var small = new GatewayFactory(new() { ["Ops:MaxProfileBytes"] = "200" });
        small.Start();
        var client = small.Client();
        var (_, created) = await client.PostJsonAsync("/v1/web/session", new { url = new Uri(small.BaseAddress, "/practice/storage/?write=big").ToString() });
        var id = created.Str("session_id");
        var (s6, j6) = await client.PostJsonAsync("/api/profiles", new { name = "too-big", session_id = id });
        Assert.Equal(413, s6);
        Assert.Contains("200 bytes", j6.Str("message"));
        Assert.Contains("Ops:MaxProfileBytes", j6.Str("message"));
    }

    [Fact]
    public async Task EveryStep_SavesTheSessionsStateForARestart_AndTheCostIsMeasured()
    {
        var saves = _factory.Services.GetRequiredService<OpsDashboard.Web.Sessions.SessionService>().StateSaves;
        var before = saves.Count;
        var id = await CreateAsync(new { url = Practice("shop/") });
        await StepAsync(id, "log in");
        var stepMs = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await StepAsync(id, i % 2 == 0 ? "scroll down" : "scroll up");
            stepMs.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        // One save at create and one after every step, each just after its answer: the last one may still be running.
        Assert.True(_factory.Services.GetRequiredService<OpsDashboard.Web.Sessions.LiveSessions>().TryGet(id, out var live));
        await live.AfterAnswerSettled();
        Assert.Equal(before + 12, saves.Count);
        output.WriteLine($"state saves {saves.Count - before}: mean {saves.Mean.TotalMilliseconds:0.0} ms, max {saves.Max.TotalMilliseconds:0.0} ms, " +
                         $"state {saves.LastBytes} bytes; step round trip median {stepMs.Order().ElementAt(stepMs.Count / 2):0} ms");
    }

    [Fact]
    public async Task Profile_CanBeRenamed_AndDeleted()
    {
        var id = await CreateAsync(new { url = Practice("storage/?write=ren"), profile = "before", persist = true });
        await _client.DeleteJsonAsync($"/v1/web/session/{id}");

        using var response = await _client.PatchAsync("/api/profiles/before", new StringContent("{\"name\":\"after\"}", Encoding.UTF8, "application/json"));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(404, (await _client.GetJsonAsync("/api/profiles/before")).Status);
        Assert.Equal(200, (await _client.GetJsonAsync("/api/profiles/after")).Status);
        Assert.Equal(200, (await _client.DeleteJsonAsync("/api/profiles/after")).Status);
        Assert.Equal(404, (await _client.GetJsonAsync("/api/profiles/after")).Status);
    }
}

/// <summary>Profiles nobody used for Ops:ProfileTimeToLive are swept; a held one is kept.</summary>
public sealed class ProfileTimeToLiveTests
{
    [Fact]
    public async Task Sweep_DeletesProfilesUnusedForTheTimeToLive_AndKeepsHeldOnes()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new GatewayFactory(new()
        {
            ["Ops:ProfileTimeToLive"] = "1.00:00:00",
            // The holding session outlives the sweep.
            ["Ops:IdleTimeout"] = "3.00:00:00",
            ["Ops:MaxLifetime"] = "3.00:00:00",
        }, clock);
        factory.Start();
        var client = factory.Client();
        var practice = new Uri(factory.BaseAddress, "/practice/storage/").ToString();
        var (_, unused) = await client.PostJsonAsync("/v1/web/session", new { url = practice, profile = "unused", persist = true });
        await client.DeleteJsonAsync($"/v1/web/session/{unused.Str("session_id")}");
        var (_, held) = await client.PostJsonAsync("/v1/web/session", new { url = practice, profile = "held", persist = true });
        Assert.Equal(200, (await client.GetJsonAsync("/api/profiles/unused")).Status);

        // Advancing the clock past the sweeper's interval runs the periodic sweep; a direct sweep makes sure it has run.
        clock.Advance(TimeSpan.FromDays(2));
        await factory.Services.GetRequiredService<OpsDashboard.Web.Profiles.ProfileStore>().SweepAsync(CancellationToken.None);

        Assert.Equal(404, (await client.GetJsonAsync("/api/profiles/unused")).Status);
        var (_, kept) = await client.GetJsonAsync("/api/profiles/held");
        Assert.Equal(held.Str("session_id"), kept.Str("holder_session"));
    }
}

/// <summary>A persist session whose lease runs out saves its state back like a closed one.</summary>
public sealed class ProfileExpiryTests
{
    [Fact]
    public async Task PersistSession_ThatExpires_SavesItsStateToTheProfile_AndReleasesIt()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = new GatewayFactory(clock: clock);
        factory.Start();
        var client = factory.Client();
        var (_, created) = await client.PostJsonAsync("/v1/web/session",
            new { url = new Uri(factory.BaseAddress, "/practice/storage/?write=exp").ToString(), profile = "expiring", persist = true });
        var id = created.Str("session_id");
        var text = "";
        for (var i = 0; i < 40 && !text.Contains("All four written.", StringComparison.Ordinal); i++)
        {
            (_, var page) = await client.PostJsonAsync("/v1/web/retrieve", new { cmd = "page", session_id = id, format = "markdown", render_js = true });
            text = page.Str("message");
        }

        clock.Advance(TimeSpan.FromMinutes(11));
        var status = "";
        for (var i = 0; i < 200 && status != "expired"; i++)
        {
            await Task.Delay(50);
            clock.Advance(TimeSpan.FromMilliseconds(250));
            status = (await client.GetJsonAsync($"/api/sessions/{id}")).Body.Str("status");
        }

        Assert.Equal("expired", status);
        var (_, profile) = await client.GetJsonAsync("/api/profiles/expiring");
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("holder_session").ValueKind);
        Assert.Equal(id, profile.Str("last_saved_from_session"));
        Assert.Contains(profile.GetProperty("cookies").EnumerateArray(), c => c.Str("name") == "practice_session");
    }
}

/// <summary>The profiles migration on a database made before it: the app starts, and what was there stays readable.</summary>
public sealed class ProfileMigrationTests
{
    [Fact]
    public async Task AppStarts_OnADatabaseFromBeforeProfiles_MigratesIt_AndAnOrphanedSessionWithoutSavedStateEndsFailedWithTheReason()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "opsdash-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<OpsDashboard.Web.Data.OpsDbContext>()
            .UseSqlite($"Data Source={Path.Combine(dataDir, "opsdashboard.db")};Pooling=false").Options;
        await using (var db = new OpsDashboard.Web.Data.OpsDbContext(options))
        {
            var migrator = Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>(db);
            await migrator.MigrateAsync("20261128193839_Initial");
            // Written in the Initial schema's own columns (times as UTC ticks): today's entity has columns
            // (NodeId, …) that later migrations add, so it cannot be saved into a database this old.
            var now = DateTimeOffset.UtcNow.UtcTicks;
            var lease = DateTimeOffset.UtcNow.AddMinutes(10).UtcTicks;
            var max = DateTimeOffset.UtcNow.AddHours(2).UtcTicks;
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "Sessions" ("Id", "TenantId", "Status", "Engine", "CreatedAt", "LastUsedAt", "LeaseExpiresAt", "MaxExpiresAt", "CurrentUrl", "StepCount", "Width", "Height")
                VALUES ('sess_old', 'default', 'idle', 'local', {now}, {now}, {lease}, {max}, 'http://127.0.0.1:1/', 0, 1280, 800)
                """);
        }

        await using var factory = new GatewayFactory(dataDirectory: dataDir);
        factory.Start();
        var client = factory.Client();

        var (status, detail) = await client.GetJsonAsync("/api/sessions/sess_old");
        Assert.Equal(200, status);
        Assert.Equal("failed", detail.Str("status"));
        Assert.Contains("no browser state had been saved", detail.Str("end_reason"));
        var (listStatus, list) = await client.GetJsonAsync("/api/profiles");
        Assert.Equal(200, listStatus);
        Assert.Equal(0, list.GetArrayLength());
    }
}
