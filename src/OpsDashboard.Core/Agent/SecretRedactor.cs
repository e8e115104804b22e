using System.Text.RegularExpressions;

namespace OpsDashboard.Core.Agent;

/// <summary>
/// The one place secrets are masked before text leaves a step: logs, events, the step record in the
/// database, the dashboard and the API's own answer. It knows the configured credentials (agent
/// sign-ins, the LLM key, the seeded API key, the dashboard's login token), anything shaped like a
/// generated API key (<c>ops_</c> + 64 hex digits), and, per step, the values the agent typed into
/// password fields (<see cref="With"/>). A secret is shown as <see cref="Mask"/>. Immutable, thread-safe.
/// </summary>
public sealed partial class SecretRedactor
{
    /// <summary>What a secret is shown as.</summary>
    public const string Mask = "••••";

    /// <summary>Shorter secrets are masked only where they stand quoted, so "pin 12" does not blank every "12".</summary>
    private const int MinFreeTextLength = 4;

    private static readonly string[] PasswordWords = ["password", "passwort", "passcode", "passphrase", "pass", "pwd", "pin", "secret", "mot de passe", "contrasena", "kennwort"];

    private readonly string[] _secrets;

    public SecretRedactor(IEnumerable<string?> secrets)
    {
        // Each secret also as it reads inside a URL (a search for it lands on ?q=<escaped secret>).
        _secrets = secrets.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!)
            .SelectMany(s => new[] { s, Uri.EscapeDataString(s), System.Net.WebUtility.UrlEncode(s) })
            .Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length).ToArray();
    }

    /// <summary>Masks only key-shaped text: for places with no configuration (tests, tools).</summary>
    public static SecretRedactor None { get; } = new([]);

    /// <summary>How many literal secrets are known (for diagnostics; never the secrets themselves).</summary>
    public int Count => _secrets.Length;

    /// <summary>This redactor plus the values of one step (typed into password fields).</summary>
    public SecretRedactor With(IEnumerable<string>? extra) =>
        extra is null ? this : extra.Where(s => !string.IsNullOrEmpty(s)).ToList() is { Count: > 0 } more ? new SecretRedactor(_secrets.Concat(more)) : this;

    /// <summary>The text with every known secret and every API-key-shaped token replaced by <see cref="Mask"/>.</summary>
    public string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }
        foreach (var secret in _secrets)
        {
            if (secret.Length >= MinFreeTextLength)
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
            else
            {
                foreach (var (open, close) in Quotes)
                {
                    text = text.Replace(open + secret + close, open + Mask + close, StringComparison.Ordinal);
                }
            }
        }
        return ApiKeyShape().Replace(text, "ops_" + Mask);
    }

    /// <summary>Null-tolerant <see cref="Redact(string)"/>.</summary>
    public string? RedactOrNull(string? text) => text is null ? null : Redact(text);

    /// <summary>
    /// A cmd as it may be stored and shown once its step ran: the configured secrets, the values it types
    /// into a field named like a password ("type \"hunter2\" into \"Password\"") and the values the agent
    /// found it typed into password inputs (<paramref name="typedIntoPasswordFields"/>) masked.
    /// </summary>
    public string RedactCommand(string cmd, IEnumerable<string>? typedIntoPasswordFields = null) =>
        With(PasswordValues(cmd)).With(typedIntoPasswordFields).Redact(cmd);

    /// <summary>
    /// A cmd as it may be shown while its step runs, before the agent knows which fields are password
    /// inputs: every value it types into any field is masked, as well as the configured secrets.
    /// </summary>
    public string RedactCommandBeforeRun(string cmd) => With(TypedValues(cmd, passwordFieldsOnly: false)).Redact(cmd);

    /// <summary>The values a cmd types into fields whose name says they hold a password.</summary>
    public static IReadOnlyList<string> PasswordValues(string cmd) => TypedValues(cmd, passwordFieldsOnly: true);

    private static IReadOnlyList<string> TypedValues(string cmd, bool passwordFieldsOnly)
    {
        bool Wanted(string? field) => !passwordFieldsOnly || IsPasswordName(field);
        if (string.IsNullOrWhiteSpace(cmd))
        {
            return [];
        }
        var values = new List<string>();
        foreach (var intent in IntentParser.Parse(cmd).Intents)
        {
            switch (intent)
            {
                case TypeIntent t when Wanted(t.Field):
                    values.Add(t.Text);
                    break;
                case FillFormIntent f:
                    values.AddRange(f.Pairs.Where(p => Wanted(p.Field)).Select(p => p.Value));
                    break;
                case SetFieldIntent s when Wanted(s.Field):
                    values.Add(s.Value);
                    break;
            }
        }
        return values;
    }

    /// <summary>True for a field name such as "Password", "PIN", "new passcode".</summary>
    public static bool IsPasswordName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }
        // Whole words ("PIN", "pass"), or a long word inside another ("newpassword", "Passwort bestätigen").
        var padded = " " + TextMatch.Normalize(name) + " ";
        return PasswordWords.Any(w => w.Length >= 6 ? padded.Contains(w, StringComparison.Ordinal) : padded.Contains(" " + w + " ", StringComparison.Ordinal));
    }

    /// <summary>True for a page element that is a password input.</summary>
    public static bool IsPasswordField(PageElement e) => string.Equals(e.InputType, "password", StringComparison.OrdinalIgnoreCase);

    private static readonly (string Open, string Close)[] Quotes = [("\"", "\""), ("'", "'"), ("“", "”"), ("‘", "’"), ("`", "`")];

    [GeneratedRegex("ops_[0-9a-f]{64}", RegexOptions.CultureInvariant)]
    private static partial Regex ApiKeyShape();
}
