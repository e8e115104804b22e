using System.Collections;
using System.Globalization;
using System.Text;

namespace OpsDashboard.Web.Diagnostics;

/// <summary>
/// A log scope's state: key/value pairs for structured loggers (an
/// <see cref="IEnumerable{T}"/> of <see cref="KeyValuePair{TKey,TValue}"/>, as a Dictionary would be),
/// and a <see cref="ToString"/> the console formatter can print: <c>SessionId=sess_… TenantId=default</c>.
/// </summary>
public sealed class LogScope(params KeyValuePair<string, object?>[] pairs) : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly KeyValuePair<string, object?>[] _pairs = pairs;

    /// <summary>The scope of work on one session.</summary>
    public static LogScope Session(string sessionId, string tenantId) => new(new("SessionId", sessionId), new("TenantId", tenantId));

    public int Count => _pairs.Length;

    public KeyValuePair<string, object?> this[int index] => _pairs[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_pairs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in _pairs)
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }
            sb.Append(key).Append('=').Append(Convert.ToString(value, CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
