using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace OpsDashboard.Core.Sessions;

/// <summary>Session ids: <c>sess_</c> followed by 32 lowercase hex digits from a cryptographic source.</summary>
public static partial class SessionId
{
    public const string Prefix = "sess_";

    public static string New() => Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static bool IsWellFormed(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex(@"^sess_[0-9a-f]{32}\z")]
    private static partial Regex Pattern();
}
