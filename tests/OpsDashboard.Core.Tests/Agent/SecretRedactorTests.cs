using OpsDashboard.Core.Agent;
using OpsDashboard.Core.Api;

namespace OpsDashboard.Core.Tests.Agent;

/// <summary>Secrets never leave a step in clear: configured credentials, API keys and values typed into password fields are shown as ••••.</summary>
public sealed class SecretRedactorTests
{
    [Fact]
    public void ConfiguredCredentials_AreMaskedWhereverTheyAppear()
    {
        var redactor = new SecretRedactor(["demo1234", "sk-llm-key-xyz", null, ""]);

        Assert.Equal("signed in with •••• (key ••••)", redactor.Redact("signed in with demo1234 (key sk-llm-key-xyz)"));
        Assert.Equal("nothing here", redactor.Redact("nothing here"));
    }

    [Fact]
    public void ShortSecrets_AreMaskedOnlyWhereQuoted()
    {
        var redactor = new SecretRedactor(["12"]);

        Assert.Equal("type \"••••\" into \"PIN\" on page 12", redactor.Redact("type \"12\" into \"PIN\" on page 12"));
    }

    [Fact]
    public void GeneratedApiKeys_AreMaskedByTheirShape()
    {
        var key = "ops_" + new string('a', 64);

        Assert.Equal("key ops_•••• used", SecretRedactor.None.Redact($"key {key} used"));
    }

    [Fact]
    public void ACmd_TypingIntoAFieldNamedLikeAPassword_HasTheValueMasked_OthersKept()
    {
        var redactor = SecretRedactor.None;

        Assert.Equal("type \"demo@example.com\" into \"Email\", type \"••••\" into \"Password\"",
            redactor.RedactCommand("type \"demo@example.com\" into \"Email\", type \"hunter2\" into \"Password\""));
        Assert.Equal("fill the form: name Jane Doe, password ••••, then submit",
            redactor.RedactCommand("fill the form: name Jane Doe, password hunter22, then submit"));
        Assert.Equal("search for \"hunter2\"", redactor.RedactCommand("search for \"hunter2\""));
    }

    [Fact]
    public void ACmd_WhileItRuns_HasEveryTypedValueMasked_AndAfterwardsOnlyThePasswordOnes()
    {
        var cmd = "type \"jane\" into \"Name\", type \"Kx-778\" into \"Code\"";

        Assert.Equal("type \"••••\" into \"Name\", type \"••••\" into \"Code\"", SecretRedactor.None.RedactCommandBeforeRun(cmd));
        // After the step: the agent reported that "Code" was a password input.
        Assert.Equal("type \"jane\" into \"Name\", type \"••••\" into \"Code\"", SecretRedactor.None.RedactCommand(cmd, ["Kx-778"]));
    }

    [Theory]
    [InlineData("Password", true)]
    [InlineData("Confirm new password", true)]
    [InlineData("PIN", true)]
    [InlineData("Passwort", true)]
    [InlineData("Email", false)]
    [InlineData("Spinner", false)]
    [InlineData("Passenger name", false)]
    public void PasswordNames(string field, bool expected) => Assert.Equal(expected, SecretRedactor.IsPasswordName(field));

    [Fact]
    public async Task Interpreter_TypingIntoAPasswordInput_ReportsTheMask_AndHandsTheValueOverAsASecret()
    {
        // The field's label does not say "password"; its input type does.
        var page = new OnePage(new PageObservation("http://shop.test/signin", "Sign in", ["Sign in"],
        [
            new PageElement(1, "input", "textbox", "Code", "", "Code", null, null, null, "password", true, true, true, "main", null, null, null, false, null, [], 10),
        ], [], null, true, "Sign in"));
        var agent = new Interpreter(page, new AgentOptions([]));

        var result = await agent.RunAsync("type \"Kx-778-secret\" into \"Code\"", default);

        Assert.Equal(StepStatus.Done, result.Status);
        Assert.Equal("Typed •••• into Code.", result.Message);
        Assert.Equal(["Kx-778-secret"], agent.Secrets);
        Assert.Equal([(1, "Kx-778-secret")], page.Filled);
    }

    [Fact]
    public async Task Interpreter_TypingIntoAPlainField_StillEchoesTheValue()
    {
        var page = new OnePage(new PageObservation("http://shop.test/", "Shop", ["Shop"],
        [
            new PageElement(1, "input", "textbox", "Name", "", "Name", null, null, null, "text", true, true, true, "main", null, null, null, false, null, [], 10),
        ], [], null, false, "Shop"));
        var agent = new Interpreter(page, new AgentOptions([]));

        var result = await agent.RunAsync("type \"Jane\" into \"Name\"", default);

        Assert.Equal("Typed 'Jane' into Name.", result.Message);
        Assert.Empty(agent.Secrets);
    }

    private sealed class OnePage(PageObservation obs) : IPageDriver
    {
        public List<(int, string)> Filled { get; } = [];

        public Task<PageObservation> ObserveAsync(CancellationToken ct) => Task.FromResult(obs);
        public Task GotoAsync(string url, CancellationToken ct) => Task.CompletedTask;
        public Task ClickAsync(int elementId, CancellationToken ct) => Task.CompletedTask;

        public Task FillAsync(int elementId, string text, CancellationToken ct)
        {
            Filled.Add((elementId, text));
            return Task.CompletedTask;
        }

        public Task SelectAsync(int elementId, string optionText, CancellationToken ct) => Task.CompletedTask;
        public Task SetCheckedAsync(int elementId, bool on, CancellationToken ct) => Task.CompletedTask;
        public Task PressAsync(string key, CancellationToken ct) => Task.CompletedTask;
        public Task<bool> FillAndEnterAsync(int elementId, string text, CancellationToken ct) => Task.FromResult(true);
        public Task ScrollAsync(ScrollDirection direction, CancellationToken ct) => Task.CompletedTask;
        public Task<int> ScrollUntilLoadedAsync(CancellationToken ct) => Task.FromResult(0);
        public Task<bool> WaitForTextAsync(string text, TimeSpan timeout, CancellationToken ct) => Task.FromResult(false);
        public Task<bool> SettleIfFreshAsync(CancellationToken ct) => Task.FromResult(false);
    }
}
