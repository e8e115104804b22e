using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OpsDashboard.Web.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL and a Redis server of the test run's own, on loopback ports with their data in a
/// temp directory: started once per run on first use (installed from Debian packages first when
/// missing and running as root), stopped when the test process exits. Each user takes a fresh
/// database (<see cref="PostgresConnection"/>) or Redis database number.
/// </summary>
public sealed class TestServers
{
    private static readonly Lazy<TestServers> Instance = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _redisDatabases;

    private readonly string _root;
    private readonly string _pgBin;
    private readonly string _pgData;
    private readonly bool _asPostgresUser;
    private Process? _redis;

    private TestServers(string root, string pgBin, bool asPostgresUser)
    {
        _root = root;
        _pgBin = pgBin;
        _pgData = Path.Combine(root, "pg");
        _asPostgresUser = asPostgresUser;
    }

    public static TestServers Shared => Instance.Value;

    public int PostgresPort { get; private set; }

    public int RedisPort { get; private set; }

    /// <summary>A connection string to a new, empty database (the gateway's migrations create it).</summary>
    public string PostgresConnection(string? database = null) =>
        $"Host=127.0.0.1;Port={PostgresPort};Username=postgres;Database={database ?? "opsdash_" + Guid.NewGuid().ToString("N")[..12]};Pooling=true;Maximum Pool Size=40";

    /// <summary>A Redis connection string on a database number no other fixture of this run uses.</summary>
    public string RedisConnection() => $"127.0.0.1:{RedisPort},defaultDatabase={Interlocked.Increment(ref _redisDatabases) % 16}";

    private static TestServers Start()
    {
        var root = Path.Combine(Path.GetTempPath(), $"opsdash-servers-{Environment.ProcessId}");
        Directory.CreateDirectory(root);
        var pgBin = FindPostgres() ?? (Install() ? FindPostgres() : null)
            ?? throw new InvalidOperationException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): run .ci/prereqs as root, or apt-get install -y postgresql redis-server.");
        if (FindRedis() is null && !Install())
        {
            throw new InvalidOperationException("redis-server is not installed: run .ci/prereqs as root, or apt-get install -y redis-server.");
        }
        var servers = new TestServers(root, pgBin, Environment.UserName == "root");
        servers.StartPostgres();
        servers.StartRedis();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => servers.Stop();
        return servers;
    }

    private void StartPostgres()
    {
        Directory.CreateDirectory(_pgData);
        if (_asPostgresUser)
        {
            // initdb and the server refuse to run as root: the data directory belongs to the postgres user.
            Run("chown", $"-R postgres:postgres {_root}");
        }
        RunPg("initdb", $"-D {_pgData} -U postgres --auth=trust -E UTF8 --no-sync --no-instructions");
        PostgresPort = FreePort();
        var options = $"-p {PostgresPort} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400";
        RunPg("pg_ctl", $"-D {_pgData} -l {Path.Combine(_root, "pg.log")} -o \"{options}\" -w -t 60 start");
    }

    private void StartRedis()
    {
        RedisPort = FreePort();
        var info = new ProcessStartInfo(FindRedis()!, $"--port {RedisPort} --bind 127.0.0.1 --save \"\" --appendonly no --dir {_root} --daemonize no")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _redis = Process.Start(info)!;
        _redis.OutputDataReceived += (_, _) => { };
        _redis.ErrorDataReceived += (_, _) => { };
        _redis.BeginOutputReadLine();
        _redis.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var c = new TcpClient();
                c.Connect(IPAddress.Loopback, RedisPort);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }
        throw new InvalidOperationException($"redis-server did not listen on 127.0.0.1:{RedisPort} within 30 s.");
    }

    private void Stop()
    {
        try
        {
            RunPg("pg_ctl", $"-D {_pgData} -m immediate -w stop", check: false);
        }
        catch (Exception)
        {
            // Best effort at exit.
        }
        try
        {
            _redis?.Kill();
        }
        catch (InvalidOperationException)
        {
        }
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void RunPg(string tool, string args, bool check = true)
    {
        var exe = Path.Combine(_pgBin, tool);
        if (_asPostgresUser)
        {
            Run("runuser", $"-u postgres -- {exe} {args}", check);
        }
        else
        {
            Run(exe, args, check);
        }
    }

    private static string? FindPostgres()
    {
        if (!Directory.Exists("/usr/lib/postgresql"))
        {
            return null;
        }
        return Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal)
            .Select(d => Path.Combine(d, "bin")).FirstOrDefault(b => File.Exists(Path.Combine(b, "initdb")));
    }

    private static string? FindRedis() =>
        new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists);

    /// <summary>apt-get install of the two servers, as root only; false when not root.</summary>
    private static bool Install()
    {
        if (Environment.UserName != "root")
        {
            return false;
        }
        Run("apt-get", "update -qq");
        Run("env", "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server");
        return true;
    }

    private static void Run(string file, string args, bool check = true)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(true);
            throw new InvalidOperationException($"{file} {args} did not finish within 5 minutes.");
        }
        if (check && p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {args} failed ({p.ExitCode}): {stderr.Result}{stdout.Result}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A gateway on PostgreSQL: a fresh database on the run's own server.</summary>
public sealed class PostgresGatewayFixture : GatewayFixture
{
    protected override Dictionary<string, string?> Settings => new()
    {
        ["Ops:Database:Provider"] = "postgres",
        ["ConnectionStrings:OpsDb"] = TestServers.Shared.PostgresConnection(),
    };
}
