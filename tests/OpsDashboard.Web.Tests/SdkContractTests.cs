using System.Diagnostics;
using OpsDashboard.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OpsDashboard.Web.Tests;

/// <summary>
/// The official MultiOn Node SDK (npm <c>multion</c> 1.3.12) drives the gateway through the whole
/// lifecycle by changing only its base URL: tests/contract/sdk/lifecycle.mjs.
/// </summary>
public sealed class SdkContractTests(GatewayFixture fx, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task OfficialNodeSdk_RunsTheWholeLifecycleAgainstTheGateway()
    {
        var (exit, text) = await RunLifecycleAsync(new()
        {
            ["OPSDASH_BASE_URL"] = new Uri(fx.Factory.BaseAddress, "/v1/web").ToString(),
            ["OPSDASH_API_KEY"] = GatewayFactory.ApiKey,
            ["OPSDASH_OTHER_API_KEY"] = fx.OtherTenantKey,
            ["OPSDASH_PAGE_URL"] = fx.Site.Url("/"),
            ["OPSDASH_TIMEOUT_S"] = "60",
        });

        output.WriteLine(text);
        Assert.True(exit == 0, "SDK lifecycle failed:\n" + text);
        Assert.Matches(@"(?m)^\d+ passed, 0 failed$", text);
    }

    /// <summary>Runs tests/contract/sdk/lifecycle.mjs (npm ci first when needed) with the given environment.</summary>
    internal static async Task<(int Code, string Output)> RunLifecycleAsync(Dictionary<string, string> env)
    {
        var dir = Path.Combine(RepoRoot(), "tests", "contract", "sdk");
        if (!Directory.Exists(Path.Combine(dir, "node_modules", "multion")))
        {
            var (code, log) = await RunAsync("npm", "ci --no-audit --no-fund", dir, []);
            Assert.True(code == 0, "npm ci failed in tests/contract/sdk:\n" + log);
        }
        return await RunAsync("node", "lifecycle.mjs", dir, env);
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string args, string dir, Dictionary<string, string> env)
    {
        var psi = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (k, v) in env)
        {
            psi.Environment[k] = v;
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "OpsDashboard.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("OpsDashboard.sln not found above " + AppContext.BaseDirectory);
    }
}
