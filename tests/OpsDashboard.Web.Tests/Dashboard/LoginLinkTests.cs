using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using OpsDashboard.Web.Dashboard;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests.Dashboard;

/// <summary>
/// The real app as a deployment runs it: <c>dotnet OpsDashboard.dll</c> with stdout redirected (stdout is the
/// log). Its output is exactly what a log file would hold.
/// </summary>
public sealed class RedirectedGatewayProcess : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process _process = null!;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "opsdash-tests", Guid.NewGuid().ToString("N"));

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Everything the app wrote to stdout and stderr so far.</summary>
    public string Output => string.Join('\n', _output);

    public static string AppDll => Path.Combine(AppContext.BaseDirectory, "OpsDashboard.dll");

    public static ProcessStartInfo Dotnet(string dataDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(AppDll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        info.Environment["OPSDASH_DATA"] = dataDirectory;
        info.Environment["OPSDASH_API_KEY"] = GatewayFactory.ApiKey;
        info.Environment["Ops__WarmPoolSize"] = "0";
        info.Environment["Logging__LogLevel__Default"] = "Information";
        info.Environment.Remove("ASPNETCORE_URLS");
        return info;
    }

    public async Task InitializeAsync()
    {
        _process = new Process { StartInfo = Dotnet(DataDirectory, "--urls", "http://127.0.0.1:0") };
        _process.OutputDataReceived += (_, e) => Take(e.Data);
        _process.ErrorDataReceived += (_, e) => Take(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        // A bound for a broken start, not a timing assertion.
        await _ready.Task.WaitAsync(TimeSpan.FromMinutes(3));
    }

    private void Take(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        var listening = Regex.Match(line, @"Now listening on: (http://127\.0\.0\.1:\d+)");
        if (listening.Success)
        {
            BaseAddress = new Uri(listening.Groups[1].Value + "/");
        }
        if (line.Contains("login link", StringComparison.OrdinalIgnoreCase) && BaseAddress is not null)
        {
            _ready.TrySetResult();
        }
    }

    /// <summary>Waits (bounded) until the app's output has a line matching <paramref name="predicate"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> predicate)
    {
        for (var i = 0; i < 600; i++)
        {
            if (_output.FirstOrDefault(predicate) is { } line)
            {
                return line;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The line never came. Output:\n" + Output);
    }

    public Task DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(30_000);
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        return Task.CompletedTask;
    }
}

public sealed class LoginLinkProcessTests(RedirectedGatewayProcess app) : IClassFixture<RedirectedGatewayProcess>
{
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(ProcessStartInfo info)
    {
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, (await output).Trim(), (await error).Trim());
    }

    private static HttpClient NoRedirects() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(60) };

    [Fact]
    public async Task WithStdoutRedirected_TheLinkIsNotInTheLog_AndTheLoginLinkCommandPrintsOneThatSignsIn()
    {
        var (exit, link, error) = await RunAsync(RedirectedGatewayProcess.Dotnet(app.DataDirectory, "login-link"));

        Assert.True(exit == 0, $"login-link exited {exit}: {error}");
        var match = Regex.Match(link, @"^(http://127\.0\.0\.1:\d+)/login\?t=([0-9a-f]{48})$");
        Assert.True(match.Success, link);
        Assert.Equal(app.BaseAddress.GetLeftPart(UriPartial.Authority), match.Groups[1].Value);
        var token = match.Groups[2].Value;

        // The log (stdout + stderr) says where the link is, and never holds the token.
        Assert.Contains("login link not printed: run `dotnet OpsDashboard.dll login-link` on this machine", app.Output);
        Assert.DoesNotContain(token, app.Output);

        // Kept for the owner only.
        var file = Path.Combine(app.DataDirectory, LoginTokens.FileName);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        using var http = NoRedirects();
        for (var i = 0; i < 2; i++)
        {
            // Not single-use by default: the link keeps working until the next start.
            using var signedIn = await http.GetAsync(link);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.Contains(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("opsdash.auth=", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task LoginLinkCommand_WithoutARunningGateway_SaysWhereItLookedAndHowToPointIt()
    {
        var empty = Path.Combine(Path.GetTempPath(), "opsdash-tests", Guid.NewGuid().ToString("N"));

        var (exit, output, error) = await RunAsync(RedirectedGatewayProcess.Dotnet(empty, "login-link"));

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.Contains($"No login link in {empty}", error);
        Assert.Contains("OPSDASH_DATA", error);
    }

    [Fact]
    public async Task LogScopes_PrintKeysAndValues_InTheConsoleLog()
    {
        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Add("X_MULTION_API_KEY", GatewayFactory.ApiKey);
        using var response = await client.PostAsync("/v1/web/session", new StringContent($$"""{"url": "{{app.BaseAddress}}practice/"}""", System.Text.Encoding.UTF8, "application/json"));

        // The session need not open (any answer will do): the log line of its creation is what is read.
        var line = await app.WaitForLineAsync(l => l.Contains(" created for tenant default", StringComparison.Ordinal));

        Assert.Matches(@"=> SessionId=sess_\S+ TenantId=default", line);
        Assert.DoesNotContain("System.Collections.Generic.Dictionary", app.Output);
    }
}

/// <summary>Dashboard:LoginTokenSingleUse: a link signs in once; login-link then prints the new one.</summary>
public sealed class LoginLinkSingleUseTests
{
    private static HttpClient NoRedirects() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(60) };

    private static string LoginLinkCommand(string dataDirectory)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = LoginLink.RunCommand([$"--OPSDASH_DATA={dataDirectory}"], output, error);
        Assert.True(exit == 0, error.ToString());
        return output.ToString().Trim();
    }

    [Fact]
    public async Task ASingleUseToken_SignsInOnce_ThenTheCommandPrintsANewOneThatWorks()
    {
        await using var factory = new GatewayFactory(new() { ["Dashboard:LoginTokenSingleUse"] = "true" });
        factory.Start();
        using var http = NoRedirects();
        var first = LoginLinkCommand(factory.DataDirectory);

        using (var once = await http.GetAsync(first))
        {
            Assert.Equal(HttpStatusCode.Redirect, once.StatusCode);
            Assert.Contains(once.Headers.GetValues("Set-Cookie"), c => c.StartsWith("opsdash.auth=", StringComparison.Ordinal));
        }
        using (var twice = await http.GetAsync(first))
        {
            Assert.Equal(HttpStatusCode.OK, twice.StatusCode);
            Assert.False(twice.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("opsdash.auth=", StringComparison.Ordinal)));
            Assert.Contains("This login link is not valid", await twice.Content.ReadAsStringAsync());
        }

        var second = LoginLinkCommand(factory.DataDirectory);
        Assert.NotEqual(first, second);
        using var again = await http.GetAsync(second);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
    }

    [Theory]
    [InlineData("auto", true, false)]
    [InlineData("auto", false, true)]
    [InlineData(null, true, false)]
    [InlineData("always", true, true)]
    [InlineData("never", false, false)]
    public void PrintLoginLink_OnlyOnATerminalByDefault(string? mode, bool redirected, bool printed) =>
        Assert.Equal(printed, LoginLink.ShouldPrint(mode, redirected));
}
