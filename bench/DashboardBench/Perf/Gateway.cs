using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DashboardBench.Perf;

/// <summary>
/// The real gateway as a child process (<c>dotnet OpsDashboard.dll --urls …</c>), as an operator runs it,
/// on loopback with its own data directory. Its output is drained (and kept for a failure message).
/// </summary>
internal sealed class Gateway : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private Gateway(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public static string AppDll(string root) => Path.Combine(root, "src", "OpsDashboard.Web", "bin", "Release", "net10.0", "OpsDashboard.dll");

    /// <summary>A port nobody listens on now (the test suite may run next to us on fixed ports).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static Gateway Start(string appDll, int port, IReadOnlyDictionary<string, string> environment)
    {
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(appDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(appDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        var gateway = new Gateway(process, baseUrl);
        process.OutputDataReceived += (_, e) => gateway.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return gateway;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }

    public string RecentOutput => string.Join(Environment.NewLine, _output);

    /// <summary>Waits until <paramref name="path"/> answers 2xx (e.g. <c>health/live</c>, <c>health/ready</c>).</summary>
    public async Task WaitForAsync(string path, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(10) };
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the gateway exited with code {_process.ExitCode}:{Environment.NewLine}{RecentOutput}");
            }
            try
            {
                using var response = await http.GetAsync(path);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{path} did not answer within {timeout.TotalSeconds:0} s:{Environment.NewLine}{RecentOutput}");
    }

    /// <summary>CPU time (user + system) and working set of the gateway's own process (not its Chromium).</summary>
    public (TimeSpan Cpu, long WorkingSet) Sample()
    {
        _process.Refresh();
        return (_process.TotalProcessorTime, _process.WorkingSet64);
    }

    /// <summary>Graceful stop (SIGTERM, as a service manager would), then a kill of the whole tree if it hangs.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            _process.Dispose();
        }
    }
}

/// <summary>
/// What a bench hands the gateway it starts: a temp data directory, a free port (or the one asked for),
/// a fresh API key and dashboard login token, and the environment that carries them, quiet logs and
/// the bench's own settings. Disposing it deletes the data directory.
/// </summary>
internal sealed class GatewaySetup : IDisposable
{
    private GatewaySetup(string data, int port, string key, string token, Dictionary<string, string> environment)
    {
        Data = data;
        Port = port;
        Key = key;
        Token = token;
        Environment = environment;
    }

    public string Data { get; }
    public int Port { get; }
    public string Key { get; }
    public string Token { get; }
    public Dictionary<string, string> Environment { get; }

    public static GatewaySetup Create(string prefix, int port, IReadOnlyDictionary<string, string> settings)
    {
        var data = Directory.CreateTempSubdirectory(prefix).FullName;
        var key = "ops_perf_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var environment = new Dictionary<string, string>
        {
            ["OPSDASH_DATA"] = data,
            ["OPSDASH_API_KEY"] = key,
            ["Dashboard__LoginToken"] = token,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (name, value) in settings)
        {
            environment[name] = value;
        }
        return new GatewaySetup(data, port == 0 ? Gateway.FreePort() : port, key, token, environment);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
