using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OpsDashboard.Web.Auth;

namespace OpsDashboard.Web.Tests.Infrastructure;

/// <summary>
/// The real gateway on a loopback port (Kestrel), with its own SQLite file in a temp data directory
/// and the system Chromium. Optional settings and a fake clock per fixture.
/// </summary>
public class GatewayFactory : WebApplicationFactory<Program>
{
    public const string ApiKey = "ops_test_key_tenant_default_000000000000";
    private readonly Dictionary<string, string?> _settings;
    private readonly FakeTimeProvider? _clock;
    private readonly bool _ownsDirectory;

    private readonly Action<IServiceCollection>? _services;

    public GatewayFactory(Dictionary<string, string?>? settings = null, FakeTimeProvider? clock = null, string? dataDirectory = null,
        Action<IServiceCollection>? services = null, int port = 0)
    {
        _services = services;
        _ownsDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "opsdash-tests", Guid.NewGuid().ToString("N"));
        _settings = settings ?? [];
        _clock = clock;
        UseKestrel(port);
    }

    public string DataDirectory { get; }

    /// <summary>Every line the app logged (Warning and above by default), for a failing test to say what the server saw.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("OPSDASH_DATA", DataDirectory);
        builder.UseSetting("OPSDASH_API_KEY", ApiKey);
        builder.UseSetting("Ops:WarmPoolSize", "1");
        builder.UseSetting("Ops:RateLimitPerSecond", "1000");
        builder.UseSetting("Ops:NodeCapacity", "100");
        // The test machine is shared and slow under parallel load: bound actions generously.
        builder.UseSetting("Ops:ActionTimeout", "00:00:45");
        // Twenty parallel creates on a loaded 2-core machine queue for SQLite's write lock: not a fault here.
        builder.UseSetting("Ops:DatabaseBusyTimeout", "00:00:30");
        builder.UseSetting("Ops:MaxConcurrentSessionsPerTenant", "100");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        // Most tests drive sites on other loopback ports (TestSite); the URL-policy tests turn this off.
        builder.UseSetting("Ops:AllowLoopback", "true");
        foreach (var (k, v) in _settings)
        {
            builder.UseSetting(k, v);
        }
        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
        if (_clock is not null)
        {
            builder.ConfigureServices(s => s.AddSingleton<TimeProvider>(_clock));
        }
    }

    /// <summary>Starts the server and returns its loopback address.</summary>
    public Uri Start()
    {
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").Replace("localhost", "127.0.0.1"));
        return BaseAddress;
    }

    /// <summary>A loopback port free now, for a gateway that must come back on the same origin (its localStorage is per origin).</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>An HttpClient on the real port with the given key (default: the seeded key).</summary>
    public HttpClient Client(string? key = ApiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X_MULTION_API_KEY", key);
        }
        return client;
    }

    /// <summary>Creates a key for another tenant.</summary>
    public Task<string> CreateKeyAsync(string tenant) =>
        Services.GetRequiredService<ApiKeyStore>().CreateAsync(tenant, "test", CancellationToken.None);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!_ownsDirectory)
        {
            return;
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Small helpers for JSON calls.</summary>
public static class Http
{
    public static async Task<(int Status, JsonElement Body)> PostJsonAsync(this HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        return ((int)response.StatusCode, await ReadAsync(response));
    }

    /// <summary>Opens a session on <paramref name="url"/> (POST /v1/web/session), asserts 200 and answers its id.</summary>
    public static async Task<string> OpenSessionAsync(this HttpClient client, string url, object? optionalParams = null)
    {
        var (status, body) = await client.PostJsonAsync("/v1/web/session", optionalParams is null ? new { url } : new { url, optional_params = optionalParams });
        Assert.True(status == 200, $"create answered {status}: {body}");
        return body.Str("session_id");
    }

    public static async Task<(int Status, JsonElement Body)> PostRawAsync(this HttpClient client, string path, string raw, string contentType = "application/json")
    {
        using var content = new StringContent(raw);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await client.PostAsync(path, content);
        return ((int)response.StatusCode, await ReadAsync(response));
    }

    public static async Task<(int Status, JsonElement Body)> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return ((int)response.StatusCode, await ReadAsync(response));
    }

    public static async Task<(int Status, JsonElement Body)> DeleteJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.DeleteAsync(path);
        return ((int)response.StatusCode, await ReadAsync(response));
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (string.IsNullOrWhiteSpace(text))
        {
            return default;
        }
        try
        {
            return JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonDocument.Parse(JsonSerializer.Serialize(new { raw = text })).RootElement.Clone();
        }
    }

    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;
}
