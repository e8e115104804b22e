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
    private TestPostgres? _postgres;
    private TestRedis? _redis;

    private TestServers(string root)
    {
        _root = root;
    }

    public static TestServers Shared => Instance.Value;

    public int PostgresPort => _postgres!.Port;

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
        var servers = new TestServers(root);
        // Many fixtures of a run share it, each with a database and a connection pool of its own.
        servers._postgres = new TestPostgres(root, pgBin, maxConnections: 400, ownsRoot: false);
        servers.StartRedis();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => servers.Stop();
        return servers;
    }

    private void StartRedis()
    {
        _redis = new TestRedis(_root);
        RedisPort = _redis.Port;
    }

    private void Stop()
    {
        // Redis first: killing it is instant, and the test host may be ended while pg_ctl still runs
        // (a redis-server was left behind after every run when it came second).
        _redis?.Stop();
        try
        {
            _postgres?.Stop(check: false);
        }
        catch (Exception)
        {
            // Best effort at exit.
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

    internal static string? FindPostgres()
    {
        if (!Directory.Exists("/usr/lib/postgresql"))
        {
            return null;
        }
        return Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal)
            .Select(d => Path.Combine(d, "bin")).FirstOrDefault(b => File.Exists(Path.Combine(b, "initdb")));
    }

    internal static string? FindRedis() =>
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

    internal static void Run(string file, string args, bool check = true)
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

    internal static int FreePort()
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

/// <summary>
/// A redis-server of one test's own (no persistence), on a loopback port it keeps across
/// <see cref="Stop"/> and <see cref="Start"/>, for tests that take Redis away and bring it back.
/// </summary>
public sealed class TestRedis : IDisposable
{
    private readonly string _dir;
    private Process? _process;

    public TestRedis(string? dir = null)
    {
        _dir = dir ?? Path.Combine(Path.GetTempPath(), $"opsdash-redis-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dir);
        Port = TestServers.FreePort();
        Start();
    }

    public int Port { get; }

    public bool Running => _process is { HasExited: false };

    public string Connection(int database = 0) => $"127.0.0.1:{Port},defaultDatabase={database}";

    /// <summary>Starts the server (again) on <see cref="Port"/> and waits until it accepts connections.</summary>
    public void Start()
    {
        var exe = TestServers.FindRedis() ?? throw new InvalidOperationException("redis-server is not installed: run .ci/prereqs as root, or apt-get install -y redis-server.");
        var info = new ProcessStartInfo(exe, $"--port {Port} --bind 127.0.0.1 --save \"\" --appendonly no --dir {_dir} --daemonize no")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var c = new TcpClient();
                c.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }
        throw new InvalidOperationException($"redis-server did not listen on 127.0.0.1:{Port} within 30 s.");
    }

    /// <summary>Kills the server (its data is gone: it keeps none) and waits until it has exited.</summary>
    public void Stop()
    {
        try
        {
            _process?.Kill();
            _process?.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        _process?.Dispose();
        _process = null;
    }

    public void Dispose() => Stop();
}

/// <summary>
/// A PostgreSQL server of one test's own (initdb in a temp directory, as <see cref="TestServers"/> does),
/// for a test that stops the database under a running process. Stopped and deleted on dispose.
/// </summary>
public sealed class TestPostgres : IDisposable
{
    private readonly string _root;
    private readonly string _bin;
    private readonly int? _maxConnections;
    private readonly bool _ownsRoot;
    private readonly bool _asPostgresUser = Environment.UserName == "root";

    public TestPostgres()
        : this(Path.Combine(Path.GetTempPath(), $"opsdash-pg-{Guid.NewGuid():N}"), InstalledBin(), maxConnections: null, ownsRoot: true)
    {
    }

    /// <summary>A server with its data in <paramref name="root"/>/pg and its socket in <paramref name="root"/>; the root is deleted on dispose only when <paramref name="ownsRoot"/>.</summary>
    internal TestPostgres(string root, string bin, int? maxConnections, bool ownsRoot)
    {
        _root = root;
        _bin = bin;
        _maxConnections = maxConnections;
        _ownsRoot = ownsRoot;
        Directory.CreateDirectory(Path.Combine(_root, "pg"));
        if (_asPostgresUser)
        {
            // initdb and the server refuse to run as root: the data directory belongs to the postgres user.
            TestServers.Run("chown", $"-R postgres:postgres {_root}");
        }
        Pg("initdb", $"-D {_root}/pg -U postgres --auth=trust -E UTF8 --no-sync --no-instructions");
        Port = TestServers.FreePort();
        Start();
    }

    private static string InstalledBin()
    {
        _ = TestServers.Shared; // installs the packages when missing
        return TestServers.FindPostgres() ?? throw new InvalidOperationException("PostgreSQL is not installed: run .ci/prereqs as root.");
    }

    public int Port { get; }

    public string Connection(string database = "opsdash") => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Timeout=5";

    public void Start()
    {
        var options = $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            + (_maxConnections is { } max ? $" -c max_connections={max}" : "");
        Pg("pg_ctl", $"-D {_root}/pg -l {_root}/pg.log -o \"{options}\" -w -t 60 start");
    }

    /// <summary>Stops the server at once (<c>-m immediate</c>): open connections break, new ones are refused.</summary>
    public void Stop(bool check = true) => Pg("pg_ctl", $"-D {_root}/pg -m immediate -w stop", check);

    public void Dispose()
    {
        try
        {
            Stop(check: false);
            if (_ownsRoot)
            {
                Directory.Delete(_root, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // Best effort.
        }
    }

    private void Pg(string tool, string args, bool check = true)
    {
        var exe = Path.Combine(_bin, tool);
        if (_asPostgresUser)
        {
            TestServers.Run("runuser", $"-u postgres -- {exe} {args}", check);
        }
        else
        {
            TestServers.Run(exe, args, check);
        }
    }
}
