using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OpsDashboard.Web.Tests;

/// <summary>A gateway with a short action timeout (3 s) and database busy timeout (2 s), for the fault tests.</summary>
public sealed class FaultFixture : GatewayFixture
{
    public static readonly Dictionary<string, string?> FaultSettings = new()
    {
        ["Ops:ActionTimeout"] = "00:00:03",
        ["Ops:DatabaseBusyTimeout"] = "00:00:02",
        ["Ops:AllowLoopback"] = "true",
    };

    protected override Dictionary<string, string?> Settings => FaultSettings;
}

/// <summary>
/// Faults from outside the gateway (issue 9, item 6): the database locked by another process, the
/// disk full, a page that never finishes loading. Each answers a clear error, damages nothing
/// recorded, and the gateway (and the session) goes on by itself once the fault clears.
/// </summary>
public sealed class FaultTests(FaultFixture fx, ITestOutputHelper output) : IClassFixture<FaultFixture>
{
    // ------------------------------------------------------------------ database locked by another process

    [Fact]
    public async Task EveryGatewayConnection_WaitsForALockInsideSqlite_UpToTheConfiguredBusyTimeout()
    {
        // SqliteBusyWait: PRAGMA busy_timeout on each connection (2 s here), not Microsoft.Data.Sqlite's 150 ms retry sleeps.
        await using var db = await fx.Factory.Services.GetRequiredService<IDbContextFactory<OpsDbContext>>().CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";

        Assert.Equal(2000L, Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task DatabaseLockedByAnotherProcess_CreateAndStepAnswer503SayingSo_ThenServiceResumesWithHistoryIntact()
    {
        var client = fx.Client();
        var id = await client.OpenSessionAsync(fx.Site.Url("/"));
        var (first, _) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"Next page\"" });
        Assert.Equal(200, first);
        var liveBefore = (await client.GetJsonAsync("/v1/web/sessions")).Body.GetProperty("session_ids").GetArrayLength();

        using (var locker = LockDatabase(fx.Factory.DataDirectory))
        {
            var clock = Stopwatch.StartNew();
            var (createStatus, createRetryAfter, create) = await PostAsync(client, "/v1/web/session", new { url = fx.Site.Url("/") });
            output.WriteLine($"create answered {createStatus} after {clock.Elapsed.TotalSeconds:0.0} s while the database was locked: {create}");
            AssertUnavailable(createStatus, createRetryAfter, create, "locked");
            Assert.Contains("session was not opened", create.Str("message"));

            clock.Restart();
            var (stepStatus, stepRetryAfter, step) = await PostAsync(client, $"/v1/web/session/{id}", new { cmd = "click \"Back home\"" });
            output.WriteLine($"step answered {stepStatus} after {clock.Elapsed.TotalSeconds:0.0} s while the database was locked: {step}");
            AssertUnavailable(stepStatus, stepRetryAfter, step, "locked");
            Assert.Contains("step was not run", step.Str("message"));

            // Reads still answer, and readiness names the fault.
            var (stepsStatus, steps) = await client.GetJsonAsync($"/api/sessions/{id}/steps");
            Assert.Equal(200, stepsStatus);
            Assert.Equal(2, steps.GetArrayLength());
            using var ready = await client.GetAsync("/health/ready");
            var readyText = await ready.Content.ReadAsStringAsync();
            output.WriteLine("ready while locked: " + readyText);
            Assert.Equal(503, (int)ready.StatusCode);
            Assert.Contains("locked", readyText);
            // The refused create took no slot.
            Assert.Equal(liveBefore, (await client.GetJsonAsync("/v1/web/sessions")).Body.GetProperty("session_ids").GetArrayLength());
            Release(locker);
        }

        var (again, againBody) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"Back home\"" });
        Assert.True(again == 200, $"step after the lock was released answered {again}: {againBody}");
        Assert.Equal("DONE", againBody.Str("status"));
        var newId = await client.OpenSessionAsync(fx.Site.Url("/"));
        Assert.NotEqual(id, newId);
        await AssertHistoryAsync(client, id, expectedSteps: 3);
        Assert.Equal("ok", IntegrityCheck(fx.Factory.DataDirectory));
        using var readyAfter = await client.GetAsync("/health/ready");
        Assert.Equal(200, (int)readyAfter.StatusCode);
    }

    [Fact]
    public async Task StepThatRanButCouldNotBeRecorded_Answers503SayingItRan_AndIsRecordedOnceTheLockIsReleased()
    {
        var client = fx.Client();
        var id = await client.OpenSessionAsync(fx.Site.Url("/"));

        // The step starts (its record is written), then the database is locked while its page loads.
        var stepTask = client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = $"go to {fx.Site.Url("/held")}" });
        await fx.Site.Held.Arrived.Task.WaitAsync(TimeSpan.FromSeconds(60));
        using (var locker = LockDatabase(fx.Factory.DataDirectory))
        {
            fx.Site.Held.Release.TrySetResult();
            var (status, body) = await stepTask;
            output.WriteLine($"step answered {status}: {body}");
            Assert.Equal(503, status);
            Assert.Contains("step ran (DONE", body.Str("message"));
            Assert.Contains("locked", body.Str("message"));
            Assert.Contains("Do not send this cmd again", body.Str("message"));
            Release(locker);
        }

        // Once released, the kept record is written (before the next step, at the latest) and the session goes on.
        var (next, nextBody) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = $"go to {fx.Site.Url("/next")}" });
        Assert.True(next == 200, $"next step answered {next}: {nextBody}");
        var steps = await AssertHistoryAsync(client, id, expectedSteps: 3);
        Assert.Equal("DONE", steps[1].Str("status"));
        Assert.EndsWith("/held", steps[1].Str("url_after"));
        Assert.Equal("DONE", steps[2].Str("status"));
        Assert.Equal("ok", IntegrityCheck(fx.Factory.DataDirectory));
    }

    [Fact]
    public async Task CloseWhileTheDatabaseIsLocked_ReleasesTheSessionNow_AndRecordsItsEndOnceTheLockIsReleased()
    {
        var client = fx.Client();
        var id = await client.OpenSessionAsync(fx.Site.Url("/"));
        using (var locker = LockDatabase(fx.Factory.DataDirectory))
        {
            var (status, body) = await client.DeleteJsonAsync($"/v1/web/session/{id}");
            Assert.True(status == 200, $"close answered {status}: {body}");
            Assert.DoesNotContain(id, (await client.GetJsonAsync("/v1/web/sessions")).Body.GetProperty("session_ids").EnumerateArray().Select(e => e.GetString()));
            Release(locker);
        }

        // The kept record is written in the background within a few retries.
        var detail = default(JsonElement);
        for (var i = 0; i < 300 && (detail.ValueKind == JsonValueKind.Undefined || detail.Str("status") != "closed"); i++)
        {
            await Task.Delay(100);
            detail = (await client.GetJsonAsync($"/api/sessions/{id}")).Body;
        }
        Assert.Equal("closed", detail.Str("status"));
        Assert.Contains("closed by the client", detail.Str("end_reason"));
        Assert.Equal("ok", IntegrityCheck(fx.Factory.DataDirectory));
    }

    // ------------------------------------------------------------------ disk full

    [Fact]
    public async Task DiskFull_CreateAndStepAnswer503SayingSo_ThenServiceResumesWhenSpaceIsFreed()
    {
        // A real size-limited filesystem (tmpfs) as the data directory, filled to the last byte.
        var dir = Path.Combine(Path.GetTempPath(), "opsdash-tests", "full-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        if (Run("mount", $"-t tmpfs -o size=16m opsdash-full {dir}") is { } why)
        {
            output.WriteLine($"SKIPPED: a size-limited tmpfs could not be mounted here (needs root or CAP_SYS_ADMIN): {why}");
            Directory.Delete(dir);
            return;
        }
        try
        {
            await using (var factory = new GatewayFactory(FaultFixture.FaultSettings, dataDirectory: dir))
            {
                factory.Start();
                var client = factory.Client();
                var id = await client.OpenSessionAsync(fx.Site.Url("/"));
                var (first, _) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"Next page\"" });
                Assert.Equal(200, first);

                var filler = Path.Combine(dir, "filler");
                var filled = FillDisk(filler);
                output.WriteLine($"filled the data directory's filesystem with {filled / 1024} KB");

                var (createStatus, createRetryAfter, create) = await PostAsync(client, "/v1/web/session", new { url = fx.Site.Url("/") });
                output.WriteLine($"create on a full disk answered {createStatus}: {create}");
                AssertUnavailable(createStatus, createRetryAfter, create, "full");
                var (stepStatus, stepRetryAfter, step) = await PostAsync(client, $"/v1/web/session/{id}", new { cmd = "click \"Back home\"" });
                output.WriteLine($"step on a full disk answered {stepStatus}: {step}");
                AssertUnavailable(stepStatus, stepRetryAfter, step, "full");
                Assert.Contains("step was not run", step.Str("message"));
                using (var ready = await client.GetAsync("/health/ready"))
                {
                    var readyText = await ready.Content.ReadAsStringAsync();
                    output.WriteLine("ready on a full disk: " + readyText);
                    Assert.Equal(503, (int)ready.StatusCode);
                    Assert.Contains("full", readyText);
                }

                File.Delete(filler);

                var (again, againBody) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"Back home\"" });
                Assert.True(again == 200, $"step after space was freed answered {again}: {againBody}");
                await client.OpenSessionAsync(fx.Site.Url("/"));
                await AssertHistoryAsync(client, id, expectedSteps: 3);
                Assert.Equal("ok", IntegrityCheck(dir));
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Run("umount", $"-l {dir}");
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    // ------------------------------------------------------------------ a page that never finishes loading

    [Fact]
    public async Task CreateOnAPageThatNeverFinishesLoading_EndsAtTheActionTimeoutWithARecordedError_AndTheSessionGoesOn()
    {
        var client = fx.Client();
        var (status, body) = await client.PostJsonAsync("/v1/web/session", new { url = fx.Site.Url("/hang") });
        output.WriteLine($"create answered {status}: {body}");
        Assert.Equal(200, status);
        Assert.Equal("NOT SURE", body.Str("status"));
        Assert.Contains("did not finish loading within 3 s", body.Str("message"));
        var id = body.Str("session_id");
        var (_, steps) = await client.GetJsonAsync($"/api/sessions/{id}/steps");
        Assert.Contains("did not finish loading within 3 s", steps[0].Str("error"));
        output.WriteLine($"recorded duration {steps[0].GetProperty("duration_ms").GetDouble():0} ms");

        await AssertNextStepWorksAsync(client, id);
    }

    [Fact]
    public async Task GoToAPageThatNeverFinishesLoading_EndsAtTheActionTimeoutWithARecordedError_AndTheSessionGoesOn()
    {
        var client = fx.Client();
        var id = await client.OpenSessionAsync(fx.Site.Url("/"));
        var (status, body) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = $"go to {fx.Site.Url("/hang")}" });
        output.WriteLine($"go to answered {status}: {body}");
        Assert.Equal(200, status);
        Assert.Equal("NOT SURE", body.Str("status"));
        Assert.Contains("did not finish loading within 3 s", body.Str("message"));
        var (_, steps) = await client.GetJsonAsync($"/api/sessions/{id}/steps");
        Assert.Contains("did not finish loading within 3 s", steps[1].Str("error"));
        output.WriteLine($"recorded duration {steps[1].GetProperty("duration_ms").GetDouble():0} ms");

        await AssertNextStepWorksAsync(client, id);
    }

    [Fact]
    public async Task ClickOnALinkToAPageThatNeverFinishesLoading_EndsAtTheActionTimeoutWithARecordedError_AndTheSessionGoesOn()
    {
        var client = fx.Client();
        var id = await client.OpenSessionAsync(fx.Site.Url("/hang-link"));
        var (status, body) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"Never ending page\"" });
        output.WriteLine($"click answered {status}: {body}");
        Assert.Equal(200, status);
        Assert.Equal("NOT SURE", body.Str("status"));
        Assert.Contains("did not finish loading within 3 s", body.Str("message"));
        var (_, steps) = await client.GetJsonAsync($"/api/sessions/{id}/steps");
        Assert.Contains("did not finish loading within 3 s", steps[1].Str("error"));
        output.WriteLine($"recorded duration {steps[1].GetProperty("duration_ms").GetDouble():0} ms");

        await AssertNextStepWorksAsync(client, id);
    }

    // ------------------------------------------------------------------ helpers

    private async Task AssertNextStepWorksAsync(HttpClient client, string id)
    {
        var (status, body) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = $"go to {fx.Site.Url("/next")}" });
        Assert.True(status == 200, $"the next step answered {status}: {body}");
        Assert.Equal("DONE", body.Str("status"));
        Assert.EndsWith("/next", body.Str("url"));
        var (_, detail) = await client.GetJsonAsync($"/api/sessions/{id}");
        Assert.Equal("idle", detail.Str("status"));
    }

    /// <summary>Every step is finished (none left "running"), numbered 0..n-1, and the session is idle with the right count.</summary>
    private static async Task<JsonElement[]> AssertHistoryAsync(HttpClient client, string id, int expectedSteps)
    {
        var (_, json) = await client.GetJsonAsync($"/api/sessions/{id}/steps");
        var steps = json.EnumerateArray().ToArray();
        Assert.Equal(expectedSteps, steps.Length);
        Assert.Equal(Enumerable.Range(0, expectedSteps), steps.Select(s => s.GetProperty("seq").GetInt32()));
        Assert.All(steps, s => Assert.NotEqual("running", s.Str("status")));
        var (_, detail) = await client.GetJsonAsync($"/api/sessions/{id}");
        Assert.Equal("idle", detail.Str("status"));
        Assert.Equal(expectedSteps - 1, detail.GetProperty("step_count").GetInt32());
        return steps;
    }

    private static void AssertUnavailable(int status, TimeSpan? retryAfter, JsonElement body, string word)
    {
        Assert.True(status == 503, $"expected 503, got {status}: {body}");
        Assert.NotNull(retryAfter);
        Assert.Equal(503, body.GetProperty("statusCode").GetInt32());
        Assert.Equal("Service Unavailable", body.Str("error"));
        Assert.Contains(word, body.Str("message"));
        Assert.Contains("Nothing already recorded is lost", body.Str("message"));
    }

    private static async Task<(int Status, TimeSpan? RetryAfter, JsonElement Body)> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, response.Headers.RetryAfter?.Delta, json);
    }

    /// <summary>Another process's lock: a connection of its own holding an exclusive transaction.</summary>
    private static SqliteConnection LockDatabase(string dataDirectory)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "opsdashboard.db"),
            Pooling = false,
        }.ToString());
        connection.Open();
        using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN EXCLUSIVE;";
        begin.ExecuteNonQuery();
        return connection;
    }

    private static void Release(SqliteConnection locker)
    {
        using var rollback = locker.CreateCommand();
        rollback.CommandText = "ROLLBACK;";
        rollback.ExecuteNonQuery();
        locker.Close();
    }

    private static string IntegrityCheck(string dataDirectory)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataDirectory, "opsdashboard.db"),
            Pooling = false,
        }.ToString());
        connection.Open();
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check;";
        return (string)check.ExecuteScalar()!;
    }

    /// <summary>Writes until the filesystem refuses (ENOSPC); answers how much was written.</summary>
    private static long FillDisk(string path)
    {
        var chunk = new byte[64 * 1024];
        long written = 0;
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1);
        try
        {
            while (true)
            {
                stream.Write(chunk);
                written += chunk.Length;
            }
        }
        catch (IOException)
        {
            // Full. Top up byte by byte so not even a partial block is left.
            for (var i = 0; i < 64 * 1024; i++)
            {
                try
                {
                    stream.Write(chunk, 0, 1);
                    written++;
                }
                catch (IOException)
                {
                    break;
                }
            }
        }
        finally
        {
            try
            {
                stream.Dispose();
            }
            catch (IOException)
            {
            }
        }
        return written;
    }

    /// <summary>Runs a command; null when it succeeded, else what it said.</summary>
    private static string? Run(string file, string args)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 ? null : $"{file} {args} exited {p.ExitCode}: {err.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return $"{file} could not be run: {ex.Message}";
        }
    }
}
