using System.Security.Cryptography;

namespace OpsDashboard.Web.Configuration;

/// <summary>The resolved data directory (database, screenshots, secrets), created at start.</summary>
public sealed class DataDirectory
{
    public DataDirectory(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>The data directory configuration names: <c>OPSDASH_DATA</c>, else <c>Ops:DataDirectory</c> (default <c>./data</c>).</summary>
    public static string PathFrom(IConfiguration configuration) =>
        configuration["OPSDASH_DATA"] is { Length: > 0 } d ? d
        : configuration.GetSection(OpsOptions.Section).Get<OpsOptions>()?.DataDirectory ?? new OpsOptions().DataDirectory;

    public string DatabasePath => Path.Combine(Root, "opsdashboard.db");

    /// <summary>A random 32-byte secret kept in a file, made on first use.</summary>
    public byte[] LoadOrCreateSecret(string name)
    {
        var path = Path.Combine(Root, name);
        if (File.Exists(path))
        {
            var existing = File.ReadAllBytes(path);
            if (existing.Length >= 32)
            {
                return existing;
            }
        }
        var secret = RandomNumberGenerator.GetBytes(32);
        File.WriteAllBytes(path, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return secret;
    }
}
