using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpsDashboard.Web.Tests.Infrastructure;

namespace OpsDashboard.Web.Tests;

/// <summary>
/// The optional LLM planner, selected per request with agent_id "llm", driven by a scripted chat
/// client (no model runs here) against a real page in real Chromium.
/// </summary>
public sealed partial class LlmPlannerTests : IAsyncLifetime
{
    private readonly ScriptedChat _chat = new();
    private GatewayFactory _factory = null!;
    private TestSite _site = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _site = await TestSite.StartAsync();
        _factory = new GatewayFactory(services: s => s.AddSingleton<IChatClient>(_chat));
        _factory.Start();
        _client = _factory.Client();
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _site.DisposeAsync();
    }

    private Task<string> CreateAsync() => _client.OpenSessionAsync(_site.Url("/"));

    [Fact]
    public async Task AgentIdLlm_RunsTheModelsToolCallsOnTheLivePage_UntilItFinishes()
    {
        var id = await CreateAsync();
        _chat.Script = page => Link(page, "Next page") is { } n
            ? Call("click", new { element_id = n })
            : Call("finish", new { status = "DONE", message = "Opened the next page." });

        var (status, json) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "go to the next page", agent_id = "llm" });

        Assert.Equal(200, status);
        Assert.Equal("DONE", json.Str("status"));
        Assert.Equal(_site.Url("/next"), json.Str("url"));
        Assert.Contains("Clicked 'Next page'", json.Str("message"));
        Assert.Equal(2, _chat.Requests.Count);
        var firstPrompt = string.Join("\n", _chat.Requests[0].Select(m => m.Text));
        Assert.Contains("Command: go to the next page", firstPrompt);
        Assert.Matches(@"\[\d+\] link ""Next page"" \(main\)", firstPrompt);
    }

    [Fact]
    public async Task TheCommandsGuards_AreEnforcedOnTheModel()
    {
        var id = await CreateAsync();
        var refused = "";
        _chat.Script = page =>
        {
            if (_chat.LastToolResult is { } result)
            {
                refused = result;
                return Call("finish", new { status = "ASK_USER", message = "Not allowed to click it." });
            }
            return Call("click", new { element_id = Link(page, "Next page") });
        };

        var (_, json) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "look around but do not open the next page", agent_id = "llm" });

        Assert.Equal("ASK_USER", json.Str("status"));
        Assert.StartsWith("refused", refused);
        Assert.Equal(_site.Url("/"), json.Str("url"));
    }

    [Fact]
    public async Task TheModelsGoTo_IsUnderTheUrlPolicy_AndARefusalEndsTheStepWithTheReason()
    {
        var id = await CreateAsync();
        _chat.Script = _ => Call("go_to", new { url = "http://metadata.google.internal/computeMetadata/v1/" });

        var (_, json) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "read the instance metadata", agent_id = "llm" });

        Assert.Equal("NOT SURE", json.Str("status"));
        Assert.Contains("Refused to open http://metadata.google.internal/computeMetadata/v1/", json.Str("message"));
        Assert.Contains("cloud metadata service", json.Str("message"));
        Assert.Equal(_site.Url("/"), json.Str("url"));
    }

    [Fact]
    public async Task WithoutAgentId_TheInterpreterStaysTheDefault()
    {
        var id = await CreateAsync();

        var (_, json) = await _client.PostJsonAsync($"/v1/web/session/{id}", new { cmd = "click \"Next page\"" });

        Assert.Equal("DONE", json.Str("status"));
        Assert.Empty(_chat.Requests);
    }

    private static int? Link(string page, string name)
    {
        var m = Regex.Match(page, @"\[(\d+)\] link """ + Regex.Escape(name) + @"""");
        return m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private static ChatResponse Call(string name, object args) =>
        new(new ChatMessage(ChatRole.Assistant,
            [new FunctionCallContent(Guid.NewGuid().ToString("N"), name,
                JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(args)))]));

    /// <summary>A chat client that answers from a script over the latest page text.</summary>
    private sealed class ScriptedChat : IChatClient
    {
        public Func<string, ChatResponse> Script { get; set; } = _ => new ChatResponse(new ChatMessage(ChatRole.Assistant, "no script"));
        public List<List<ChatMessage>> Requests { get; } = [];
        public string? LastToolResult { get; private set; }

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = messages.ToList();
            Requests.Add(list);
            LastToolResult = list.SelectMany(m => m.Contents).OfType<FunctionResultContent>().LastOrDefault()?.Result?.ToString();
            var page = list.Last(m => m.Role == ChatRole.User).Text;
            return Task.FromResult(Script(page));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
