using OpsDashboard.Core.Agent;
using OpsDashboard.Core.Api;
using static OpsDashboard.Core.Tests.Agent.RowsDialogsMessagesTests;

namespace OpsDashboard.Core.Tests.Agent;

/// <summary>
/// Issue 10, DONE means done: a click that changed the page is not a clause done when the change is the page saying
/// no (<see cref="PageComplaint"/>: a validation message asks the user, a failure is NOT SURE); an "Add to bag" that
/// leaves the bag's count where it was added nothing; opening a result is done only when the page moved.
/// </summary>
public sealed class PageSaysNoTests
{
    private static Task<AgentResult> Run(Fake page, string cmd) => new Interpreter(page, new AgentOptions([])).RunAsync(cmd, default);

    private static PageObservation Says(PageObservation page, params string[] alerts) => page with { Alerts = alerts };

    [Fact]
    public async Task AValidationMessageAfterSubmitting_IsAskUser_WithThePagesWords_NotDone()
    {
        var form = Says(Page([El(1, "button", "Send message")]), "");
        var fake = new Fake(form);
        fake.Next[1] = Says(form with { VisibleText = "page Please fill in: Your name." }, "", "Please fill in: Your name.");

        var result = await Run(fake, "Click Send message");

        Assert.Equal(StepStatus.AskUser, result.Status);
        Assert.Contains("Please fill in: Your name", result.Message);
    }

    [Fact]
    public async Task AFailureMessageAfterAClick_IsNotSure()
    {
        var page = Page([El(1, "button", "Save changes")]);
        var fake = new Fake(page);
        fake.Next[1] = Says(page with { VisibleText = "page saving" }, "Something went wrong. Please try again later.");

        var result = await Run(fake, "Click Save changes");

        Assert.Equal(StepStatus.NotSure, result.Status);
        Assert.Contains("Something went wrong", result.Message);
    }

    [Fact]
    public async Task AMessageThePageAlreadyShowedBefore_IsNotCountedAgainstTheClause()
    {
        var page = Says(Page([El(1, "button", "Save changes")]), "Enter a valid email address.");
        var fake = new Fake(page);
        fake.Next[1] = Says(page with { VisibleText = "page Saved." }, "Enter a valid email address.", "Saved.");

        var result = await Run(fake, "Click Save changes");

        Assert.Equal(StepStatus.Done, result.Status);
    }

    [Fact]
    public async Task ASuccessMessage_IsNoComplaint()
    {
        var page = Page([El(1, "button", "Send message")]);
        var fake = new Fake(page);
        fake.Next[1] = Says(page with { VisibleText = "page Thanks! We received your message." }, "Thanks! We received your message.");

        var result = await Run(fake, "Click Send message");

        Assert.Equal(StepStatus.Done, result.Status);
    }

    [Fact]
    public async Task AddToBag_ThatLeavesTheBagCountUnchanged_IsNotDone_EvenThoughThePageChanged()
    {
        var product = Page([El(1, "button", "Bag, 0 items", landmark: "header"), El(2, "button", "Add to bag")]);
        var fake = new Fake(product);
        // The page shows a size question, which the complaint reader does not know as such: the count is the proof.
        fake.Next[2] = product with { VisibleText = "page Pick one of the sizes above" };

        var result = await Run(fake, "Add this to my bag");

        Assert.NotEqual(StepStatus.Done, result.Status);
        Assert.Contains("still shows 0", result.Message);
    }

    [Fact]
    public async Task AddToBag_ThatRaisesTheCount_IsDone()
    {
        var product = Page([El(1, "button", "Bag, 0 items", landmark: "header"), El(2, "button", "Add to bag")]);
        var fake = new Fake(product);
        fake.Next[2] = Page([El(1, "button", "Bag, 1 item", landmark: "header"), El(2, "button", "Add to bag")], text: "page Added");

        var result = await Run(fake, "Add this to my bag");

        Assert.Equal(StepStatus.Done, result.Status);
    }

    [Fact]
    public async Task AddToBag_ThatThePageRefusesForASize_AsksTheUser()
    {
        var product = Page([El(1, "button", "Bag, 0 items", landmark: "header"), El(2, "button", "Add to bag")]);
        var fake = new Fake(product);
        fake.Next[2] = Says(product with { VisibleText = "page Please select a size." }, "Please select a size.");

        var result = await Run(fake, "Add this to my bag");

        Assert.Equal(StepStatus.AskUser, result.Status);
        Assert.Contains("Please select a size", result.Message);
    }

    [Theory]
    [InlineData("Cart (2)", "cart", 2)]
    [InlineData("Bag, 3 items", "bag", 3)]
    [InlineData("Basket 12", "basket", 12)]
    [InlineData("4 items in your cart", "cart", 4)]
    public void BasketCount_ReadsTheCountTheCartControlShows(string name, string label, int count)
    {
        var obs = Page([El(1, "link", name, landmark: "header"), El(2, "button", "Add to cart")]);

        Assert.Equal((label, count), Interpreter.BasketCount(obs));
    }

    [Fact]
    public void BasketCount_IsNullWhenNoControlShowsOne()
    {
        Assert.Null(Interpreter.BasketCount(Page([El(1, "link", "Cart", landmark: "header"), El(2, "button", "Add to cart")])));
    }

    [Theory]
    [InlineData("Please fill in: Your name, Topic.", StepStatus.AskUser)]
    [InlineData("Email is required", StepStatus.AskUser)]
    [InlineData("Enter a valid email address.", StepStatus.AskUser)]
    [InlineData("This field can't be blank", StepStatus.AskUser)]
    [InlineData("Something went wrong", StepStatus.NotSure)]
    [InlineData("This item is out of stock", StepStatus.NotSure)]
    [InlineData("Your message could not be sent.", StepStatus.NotSure)]
    public void New_KnowsValidationFromFailure(string said, string status)
    {
        var before = Page([]) with { Alerts = [] };

        Assert.Equal(status, PageComplaint.New(before, before with { Alerts = [said] })?.Status);
    }

    [Theory]
    [InlineData("Added to bag")]
    [InlineData("Message sent")]
    [InlineData("3 results")]
    [InlineData("Saved. No errors found.")]
    public void New_IgnoresWhatIsNoRefusal(string said)
    {
        var before = Page([]) with { Alerts = [] };

        Assert.Null(PageComplaint.New(before, before with { Alerts = [said] }));
    }
}
