namespace OpsDashboard.Web.Tests.Infrastructure;

/// <summary>One running gateway and test site shared by a test class; tests create their own sessions.</summary>
public class GatewayFixture : IAsyncLifetime
{
    public GatewayFactory Factory { get; private set; } = null!;
    public TestSite Site { get; private set; } = null!;
    public string OtherTenantKey { get; private set; } = null!;

    protected virtual Dictionary<string, string?> Settings => [];

    public async Task InitializeAsync()
    {
        Site = await TestSite.StartAsync();
        Factory = new GatewayFactory(Settings);
        Factory.Start();
        OtherTenantKey = await Factory.CreateKeyAsync("other-tenant");
    }

    public HttpClient Client(string? key = GatewayFactory.ApiKey) => Factory.Client(key);

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Site.DisposeAsync();
    }
}
