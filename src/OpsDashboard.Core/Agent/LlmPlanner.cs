using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpsDashboard.Core.Api;

namespace OpsDashboard.Core.Agent;

/// <summary>
/// The optional LLM planner: the same actions as the interpreter, offered to a chat model as tools
/// through <see cref="IChatClient"/> (any OpenAI-compatible endpoint), fed a compact snapshot of
/// the page after every action. Guards from the command are enforced here, not trusted to the
/// model: a click on a forbidden control is refused and reported back to it. Bounded in turns.
/// </summary>
public sealed class LlmPlanner(IChatClient chat, IPageDriver page, AgentOptions options, Action<string>? progress = null)
{
    public const int MaxTurns = 12;

    private static readonly AITool[] Tools =
    [
        Declare("click", "Click the element with this id (a link, button, checkbox, tab).", """{"type":"object","properties":{"element_id":{"type":"integer"}},"required":["element_id"]}"""),
        Declare("type_text", "Replace the value of a text field with this text.", """{"type":"object","properties":{"element_id":{"type":"integer"},"text":{"type":"string"}},"required":["element_id","text"]}"""),
        Declare("select_option", "Choose an option of a select box by its visible text.", """{"type":"object","properties":{"element_id":{"type":"integer"},"option":{"type":"string"}},"required":["element_id","option"]}"""),
        Declare("press_key", "Press a keyboard key, e.g. Enter, Tab, Escape.", """{"type":"object","properties":{"key":{"type":"string"}},"required":["key"]}"""),
        Declare("scroll", "Scroll the page: down, up, bottom or top.", """{"type":"object","properties":{"direction":{"type":"string","enum":["down","up","bottom","top"]}},"required":["direction"]}"""),
        Declare("go_to", "Open an absolute http(s) URL.", """{"type":"object","properties":{"url":{"type":"string"}},"required":["url"]}"""),
        Declare("finish", "End the step. status: DONE (the command is fulfilled), CONTINUE (more steps needed), ASK_USER (a value or a confirmation is needed), NOT SURE (cannot tell how).", """{"type":"object","properties":{"status":{"type":"string","enum":["DONE","CONTINUE","ASK_USER","NOT SURE"]},"message":{"type":"string"}},"required":["status","message"]}"""),
    ];

    private const string SystemPrompt =
        "You operate a web browser for a user, one action at a time, using the tools. After every action you get the page again. " +
        "Elements are listed as [id] role \"name\" (where). Act only on ids from the latest page. Never place orders, pay, delete, " +
        "publish or send unless the command asks for it explicitly, and never do what the command forbids. When the command is " +
        "fulfilled, or you cannot go on, call finish with a one-sentence message saying what you did.";

    private readonly List<string> _done = [];
    private readonly List<string> _secrets = [];

    public IReadOnlyList<string> Done => _done;

    /// <summary>Values typed into password fields: masked in everything the step leaves behind (the model's own finish message too).</summary>
    public IReadOnlyList<string> Secrets => _secrets;

    public async Task<AgentResult> RunAsync(string cmd, CancellationToken ct)
    {
        var plan = IntentParser.Parse(cmd);
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, SystemPrompt),
            new(ChatRole.User, $"Command: {cmd}\n\nPage:\n{Render(await page.ObserveAsync(ct))}"),
        };
        var chatOptions = new ChatOptions { Tools = Tools, ToolMode = ChatToolMode.RequireAny };
        var turns = Math.Min(MaxTurns, options.MaxActions);
        for (var turn = 0; turn < turns; turn++)
        {
            var response = await chat.GetResponseAsync(messages, chatOptions, ct);
            messages.AddRange(response.Messages);
            var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
            if (calls.Count == 0)
            {
                var text = response.Text;
                return Result(StepStatus.NotSure, string.IsNullOrWhiteSpace(text) ? "The planner answered without choosing an action." : text.Trim());
            }
            foreach (var call in calls)
            {
                if (call.Name == "finish")
                {
                    var status = Arg(call, "status") ?? StepStatus.NotSure;
                    if (status is not (StepStatus.Done or StepStatus.Continue or StepStatus.AskUser or StepStatus.NotSure))
                    {
                        status = StepStatus.NotSure;
                    }
                    return Result(status, Arg(call, "message") ?? "");
                }
                var outcome = await ActAsync(call, plan, ct);
                messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, outcome)]));
            }
            messages.Add(new ChatMessage(ChatRole.User, "Page now:\n" + Render(await page.ObserveAsync(ct))));
        }
        return Result(StepStatus.Continue, $"Stopped after {turns} planner turns; send the step again to go on.");
    }

    private AgentResult Result(string status, string message)
    {
        var done = _done.Count > 0 ? char.ToUpperInvariant(_done[0][0]) + string.Join(", ", _done)[1..] + ". " : "";
        return new AgentResult(status, (done + message).Trim(), _done);
    }

    private async Task<string> ActAsync(FunctionCallContent call, AgentPlan plan, CancellationToken ct)
    {
        var obs = await page.ObserveAsync(ct);
        PageElement? Element()
        {
            var raw = Raw(call, "element_id");
            var id = raw switch
            {
                JsonElement { ValueKind: JsonValueKind.Number } j => j.GetInt32(),
                JsonElement { ValueKind: JsonValueKind.String } j when int.TryParse(j.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
                int n => n,
                long l => (int)l,
                _ => -1,
            };
            return obs.Elements.FirstOrDefault(e => e.Id == id);
        }
        switch (call.Name)
        {
            case "click":
            {
                var e = Element();
                if (e is null)
                {
                    return "error: no element with that id on the current page";
                }
                if (plan.Forbidden.FirstOrDefault(f => TextMatch.GuardForbids(f, e.Name)) is { } guard)
                {
                    return $"refused: the command says not to {guard}";
                }
                await page.ClickAsync(e.Id, ct);
                Record($"clicked '{e.Name}'");
                return "ok";
            }
            case "type_text":
            {
                var e = Element();
                var text = Arg(call, "text") ?? "";
                if (e is null)
                {
                    return "error: no element with that id on the current page";
                }
                await page.FillAsync(e.Id, text, ct);
                var shown = $"'{text}'";
                if (SecretRedactor.IsPasswordField(e))
                {
                    _secrets.Add(text);
                    shown = SecretRedactor.Mask;
                }
                Record($"typed {shown} into {(string.IsNullOrEmpty(e.Label) ? e.Name : e.Label)}");
                return "ok";
            }
            case "select_option":
            {
                var e = Element();
                var option = Arg(call, "option") ?? "";
                if (e is null)
                {
                    return "error: no element with that id on the current page";
                }
                await page.SelectAsync(e.Id, option, ct);
                Record($"chose '{option}'");
                return "ok";
            }
            case "press_key":
            {
                var key = Arg(call, "key") ?? "Enter";
                await page.PressAsync(key, ct);
                Record($"pressed {key}");
                return "ok";
            }
            case "scroll":
            {
                var dir = (Arg(call, "direction") ?? "down") switch
                {
                    "up" => ScrollDirection.Up,
                    "bottom" => ScrollDirection.Bottom,
                    "top" => ScrollDirection.Top,
                    _ => ScrollDirection.Down,
                };
                await page.ScrollAsync(dir, ct);
                Record(ClauseGrammar.Describe(dir));
                return "ok";
            }
            case "go_to":
            {
                var url = Arg(call, "url") ?? "";
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    return "error: only absolute http(s) URLs can be opened";
                }
                await page.GotoAsync(uri.AbsoluteUri, ct);
                Record($"opened {uri.AbsoluteUri}");
                return "ok";
            }
            default:
                return $"error: unknown tool '{call.Name}'";
        }
    }

    private void Record(string what)
    {
        _done.Add(what);
        progress?.Invoke(char.ToUpperInvariant(what[0]) + what[1..] + ".");
    }

    private static object? Raw(FunctionCallContent call, string name) =>
        call.Arguments is not null && call.Arguments.TryGetValue(name, out var v) ? v : null;

    private static string? Arg(FunctionCallContent call, string name) =>
        Raw(call, name) switch
        {
            null => null,
            JsonElement { ValueKind: JsonValueKind.String } j => j.GetString(),
            JsonElement j => j.GetRawText(),
            var other => Convert.ToString(other, CultureInfo.InvariantCulture),
        };

    /// <summary>The page as the model sees it: title, URL, headings, and the visible controls with ids.</summary>
    public static string Render(PageObservation obs)
    {
        var sb = new StringBuilder();
        sb.Append("URL: ").AppendLine(obs.Url);
        sb.Append("Title: ").AppendLine(obs.Title);
        if (obs.DialogLabel is not null)
        {
            sb.Append("Open dialog: ").AppendLine(obs.DialogLabel);
        }
        foreach (var h in obs.Headings.Take(6))
        {
            sb.Append("# ").AppendLine(h);
        }
        foreach (var e in obs.Elements.Where(e => e.Visible && e.Role != "heading").Take(300))
        {
            sb.Append('[').Append(e.Id.ToString(CultureInfo.InvariantCulture)).Append("] ").Append(e.Role).Append(" \"").Append(e.Name).Append('"');
            if (!string.IsNullOrEmpty(e.Value) && e.Role is "textbox" or "searchbox" or "combobox" && !SecretRedactor.IsPasswordField(e))
            {
                sb.Append(" value=\"").Append(e.Value).Append('"');
            }
            if (!e.Enabled)
            {
                sb.Append(" disabled");
            }
            sb.Append(" (").Append(e.Landmark).Append(e.Sponsored ? ", sponsored" : "").AppendLine(")");
        }
        return sb.ToString();
    }

    private static AIFunctionDeclaration Declare(string name, string description, string schema) =>
        AIFunctionFactory.CreateDeclaration(name, description, JsonDocument.Parse(schema).RootElement.Clone());
}
