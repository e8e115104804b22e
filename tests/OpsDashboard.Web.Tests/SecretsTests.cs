using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpsDashboard.Core.Api;
using OpsDashboard.Web.Configuration;
using OpsDashboard.Web.Dashboard;
using OpsDashboard.Web.Events;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests;

/// <summary>
/// Values typed into password fields, and configured credentials, never appear in logs (at any level),
/// events, the database or step messages: they are shown as ••••. And the dashboard door checks a cmd
/// exactly like the API.
/// </summary>
public sealed class SecretsTests
{
    private const string Mask = "••••";

    private static GatewayFactory Gateway(CapturingLoggerProvider logs, Dictionary<string, string?>? settings = null, bool withoutLogins = false)
    {
        var all = new Dictionary<string, string?>(settings ?? []) { ["Logging:LogLevel:Default"] = "Debug" };
        return new GatewayFactory(all, services: s =>
        {
            s.AddSingleton<ILoggerProvider>(logs);
            if (withoutLogins)
            {
                // No configured sign-in: the agent would otherwise sign in by itself on a page with a password field.
                s.PostConfigure<OpsOptions>(o => o.Logins.Clear());
            }
        });
    }

    [Fact]
    public async Task APasswordTypedIntoTheShopsSignInForm_IsAbsentFromLogsEventsDatabaseAndMessage()
    {
        const string secret = "Zq-Secret-2931";
        var logs = new CapturingLoggerProvider();
        await using var factory = Gateway(logs, withoutLogins: true);
        factory.Start();
        var client = factory.Client();
        var bus = factory.Services.GetRequiredService<OpsEventBus>();
        var id = await client.OpenSessionAsync(factory.BaseAddress + "practice/shop/signin.html");

        var (status, body) = await client.PostJsonAsync($"/v1/web/session/{id}",
            new { cmd = $"type \"demo@example.com\" into \"Email\", then type \"{secret}\" into \"Password\"" });

        Assert.True(status == 200, body.ToString());
        var message = body.Str("message");
        Assert.True(message.Contains($"yped {Mask} into Password", StringComparison.Ordinal), message);
        Assert.Contains("yped 'demo@example.com' into Email", message);
        Assert.DoesNotContain(secret, message);

        var (_, steps) = await client.GetJsonAsync($"/api/sessions/{id}/steps");
        var step = steps.EnumerateArray().Last();
        Assert.Equal($"type \"demo@example.com\" into \"Email\", then type \"{Mask}\" into \"Password\"", step.Str("cmd"));
        Assert.DoesNotContain(secret, steps.GetRawText());

        var events = bus.Since(0).Where(e => e.SessionId == id).ToList();
        Assert.Contains(events, e => e.Kind == OpsEventKinds.StepFinished && e.Cmd!.Contains(Mask, StringComparison.Ordinal));
        Assert.DoesNotContain(events, e => $"{e.Message} {e.Cmd} {e.Url}".Contains(secret, StringComparison.Ordinal));

        Assert.DoesNotContain(secret, logs.Text);
        Assert.Contains(logs.Lines, l => l.Contains("step 1 cmd: type \"demo@example.com\"", StringComparison.Ordinal) && l.StartsWith("Debug", StringComparison.Ordinal));
        AssertNotInDatabase(factory.DataDirectory, secret);
    }

    [Fact]
    public async Task TheConfiguredSignInPassword_UsedByTheAgentOnTheShop_IsAbsentFromLogsEventsDatabaseAndMessage()
    {
        var logs = new CapturingLoggerProvider();
        await using var factory = Gateway(logs);
        factory.Start();
        var client = factory.Client();
        var bus = factory.Services.GetRequiredService<OpsEventBus>();
        var password = factory.Services.GetRequiredService<IOptions<OpsOptions>>().Value.Logins.First(l => l.UrlPrefix == "/practice/shop/").Password;
        var id = await client.OpenSessionAsync(factory.BaseAddress + "practice/shop/signin.html");

        // The cmd names the configured password too: it is masked wherever it would show.
        var (status, body) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = $"log in, then search for \"{password}\"" });

        Assert.True(status == 200, body.ToString());
        Assert.Contains("signed in as demo@example.com", body.Str("message"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(password, body.Str("message"));
        var (_, steps) = await client.GetJsonAsync($"/api/sessions/{id}/steps");
        Assert.DoesNotContain(password, steps.GetRawText());
        Assert.DoesNotContain(bus.Since(0), e => $"{e.Message} {e.Cmd} {e.Url}".Contains(password, StringComparison.Ordinal));
        Assert.DoesNotContain(password, logs.Text);
        AssertNotInDatabase(factory.DataDirectory, password);
    }

    [Fact]
    public async Task AConfiguredCredential_IsMaskedEvenInAPlainField()
    {
        const string llmKey = "llm-key-that-must-never-show";
        var logs = new CapturingLoggerProvider();
        await using var factory = Gateway(logs, new() { ["Ops:Llm:ApiKey"] = llmKey });
        factory.Start();
        var client = factory.Client();
        var bus = factory.Services.GetRequiredService<OpsEventBus>();
        var id = await client.OpenSessionAsync(factory.BaseAddress + "practice/shop/");

        var (status, body) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = $"search for \"{llmKey}\"" });

        Assert.True(status == 200, body.ToString());
        Assert.DoesNotContain(llmKey, body.Str("message"));
        Assert.Contains(Mask, body.Str("message"));
        var (_, steps) = await client.GetJsonAsync($"/api/sessions/{id}/steps");
        Assert.DoesNotContain(llmKey, steps.GetRawText());
        Assert.DoesNotContain(bus.Since(0), e => $"{e.Message} {e.Cmd}".Contains(llmKey, StringComparison.Ordinal));
        Assert.DoesNotContain(llmKey, logs.Text);
    }

    [Fact]
    public async Task LogScopes_PrintTheirKeysAndValues_NotADictionarysTypeName()
    {
        var logs = new CapturingLoggerProvider();
        await using var factory = Gateway(logs);
        factory.Start();
        var id = await factory.Client().OpenSessionAsync(factory.BaseAddress + "practice/");

        var created = Assert.Single(logs.Lines, l => l.Contains($"Session {id} created", StringComparison.Ordinal));
        Assert.Contains($" => SessionId={id} TenantId=default ", created);
        Assert.DoesNotContain(logs.Lines, l => l.Contains("System.Collections.Generic.Dictionary", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ATenThousandCharacterCmdFromTheDashboard_IsRefusedLikeTheApi_AndNothingIsRecorded()
    {
        var logs = new CapturingLoggerProvider();
        await using var factory = Gateway(logs);
        factory.Start();
        var client = factory.Client();
        var id = await client.OpenSessionAsync(factory.BaseAddress + "practice/");
        var dashboard = factory.Services.GetRequiredService<IDashboardClient>();
        var cmd = new string('x', 10_000);

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => dashboard.StepAsync("default", id, cmd, null, CancellationToken.None));
        var (apiStatus, apiBody) = await client.PostJsonAsync($"/v1/web/session/{id}", new { cmd });

        var error = Assert.Single(refused.Errors);
        Assert.Equal(["body", "cmd"], error.Loc);
        Assert.Equal("String should have at most 4000 characters, got 10000.", error.Msg);
        Assert.Equal(422, apiStatus);
        Assert.Equal(error.Msg, apiBody.GetProperty("detail")[0].Str("msg"));
        var (_, steps) = await client.GetJsonAsync($"/api/sessions/{id}/steps");
        Assert.Equal(1, steps.GetArrayLength()); // only the create step
    }

    /// <summary>Every text cell of every table, and the raw bytes of the database files (freed pages too).</summary>
    private static void AssertNotInDatabase(string dataDirectory, string secret)
    {
        SqliteConnection.ClearAllPools();
        var path = Path.Combine(dataDirectory, "opsdashboard.db");
        using (var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()))
        {
            db.Open();
            var tables = new List<string>();
            using (var list = db.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
                using var r = list.ExecuteReader();
                while (r.Read())
                {
                    tables.Add(r.GetString(0));
                }
            }
            Assert.Contains("Steps", tables);
            foreach (var table in tables)
            {
                using var select = db.CreateCommand();
                select.CommandText = $"SELECT * FROM \"{table}\"";
                using var r = select.ExecuteReader();
                while (r.Read())
                {
                    for (var i = 0; i < r.FieldCount; i++)
                    {
                        if (r.GetValue(i) is string text)
                        {
                            Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{table}.{r.GetName(i)} holds the secret");
                        }
                    }
                }
            }
        }
        foreach (var file in Directory.GetFiles(dataDirectory, "opsdashboard.db*"))
        {
            var bytes = File.ReadAllBytes(file);
            Assert.False(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) >= 0, $"{Path.GetFileName(file)} holds the secret");
        }
    }
}
