using OpsDashboard.Core.Agent;
using OpsDashboard.Core.Api;

namespace OpsDashboard.Core.Tests.Agent;

/// <summary>The interpreter's decisions on scripted pages: guards, ordinals, banners, refusals.</summary>
public sealed class InterpreterTests
{
    private static PageElement El(int id, string role, string name, string landmark = "main", int? item = null, bool sponsored = false,
        bool enabled = true, string? section = null, string? itemText = null, string tag = "button", string? inputType = null, string? label = null) =>
        new(id, tag, role, name, name, label, null, null, role == "link" ? $"http://shop.test/{id}" : null, inputType, true, enabled, true,
            landmark, section, item, itemText ?? (item is null ? null : name), sponsored, null, [], id * 10);

    /// <summary>A page script: each click may move to another observation.</summary>
    private sealed class FakePage(PageObservation start) : IPageDriver
    {
        public PageObservation Current { get; set; } = start;
        public List<string> Clicks { get; } = [];
        public List<int> ClickedIds { get; } = [];
        public Dictionary<int, PageObservation> Next { get; } = [];
        public List<(int Id, string Text)> Filled { get; } = [];

        public Task<PageObservation> ObserveAsync(CancellationToken ct) => Task.FromResult(Current);
        public Task GotoAsync(string url, CancellationToken ct) => Task.CompletedTask;

        public Task ClickAsync(int elementId, CancellationToken ct)
        {
            Clicks.Add(Current.Elements.Single(e => e.Id == elementId).Name);
            ClickedIds.Add(elementId);
            if (Next.TryGetValue(elementId, out var next))
            {
                Current = next;
            }
            else if (!Inert)
            {
                // A page reacts to a click (a message, a counter): the interpreter checks that something changed.
                Current = Current with { VisibleText = Current.VisibleText + $" [clicked {elementId}]" };
            }
            return Task.CompletedTask;
        }

        /// <summary>A page on which clicks change nothing (a dead button).</summary>
        public bool Inert { get; set; }

        public Task FillAsync(int elementId, string text, CancellationToken ct)
        {
            Filled.Add((elementId, text));
            Current = Current with { Elements = [.. Current.Elements.Select(e => e.Id == elementId ? e with { Value = text } : e)] };
            return Task.CompletedTask;
        }

        public Task SelectAsync(int elementId, string optionText, CancellationToken ct) => Task.CompletedTask;
        public Task SetCheckedAsync(int elementId, bool on, CancellationToken ct) => Task.CompletedTask;
        public Task PressAsync(string key, CancellationToken ct) => Task.CompletedTask;

        /// <summary>Ids of fields that refuse text (a page script clears them).</summary>
        public HashSet<int> Clearing { get; } = [];

        public Task<bool> FillAndEnterAsync(int elementId, string text, CancellationToken ct)
        {
            if (Clearing.Contains(elementId))
            {
                return Task.FromResult(false);
            }
            Filled.Add((elementId, text));
            Entered.Add(elementId);
            return Task.FromResult(true);
        }

        public List<int> Entered { get; } = [];
        public Task ScrollAsync(ScrollDirection direction, CancellationToken ct) => Task.CompletedTask;
        public Task<int> ScrollUntilLoadedAsync(CancellationToken ct) => Task.FromResult(0);
        public Task<bool> WaitForTextAsync(string text, TimeSpan timeout, CancellationToken ct) => Task.FromResult(false);

        /// <summary>What the page shows once it has settled (content rendered after load); null: an old page.</summary>
        public PageObservation? Settled { get; set; }

        public int Settles { get; private set; }

        public Task<bool> SettleIfFreshAsync(CancellationToken ct)
        {
            Settles++;
            if (Settled is null)
            {
                return Task.FromResult(false);
            }
            Current = Settled;
            Settled = null;
            return Task.FromResult(true);
        }
    }

    private static PageObservation Page(string title, string h1, IReadOnlyList<PageElement> elements, IReadOnlyList<ListItem>? items = null,
        string? dialog = null, string url = "http://shop.test/") =>
        new(url, title, [h1], elements, items ?? [], dialog, false, h1);

    private static Interpreter Agent(FakePage page) => new(page, new AgentOptions([]));

    [Fact]
    public async Task StopCondition_AdvancesWithContinue_ButNeverClicksAForbiddenPlaceOrder()
    {
        var payment = Page("Payment", "Select a payment method", [El(1, "button", "Place order")], url: "http://shop.test/checkout/payment.html");
        var delivery = Page("Delivery", "Choose delivery", [El(2, "button", "Continue")], url: "http://shop.test/checkout/delivery.html");
        var fake = new FakePage(delivery);
        fake.Next[2] = payment;

        var result = await Agent(fake).RunAsync("stop when you reach the payment selection page. Do not place the order.", default);

        Assert.Equal(StepStatus.Done, result.Status);
        Assert.Equal(["Continue"], fake.Clicks);
        Assert.Contains("Did not place the order", result.Message);
    }

    [Fact]
    public async Task ExplicitClickOnAForbiddenTarget_AsksTheUserAndClicksNothing()
    {
        var fake = new FakePage(Page("Payment", "Payment", [El(1, "button", "Place order")]));

        var result = await Agent(fake).RunAsync("click 'Place order' and do not place the order", default);

        Assert.Equal(StepStatus.AskUser, result.Status);
        Assert.Empty(fake.Clicks);
    }

    [Fact]
    public async Task FirstResult_SkipsSponsoredItems()
    {
        ListItem[] items = [new(10, 1, 0, "Sponsored Generic Earbuds", true, "main"), new(11, 1, 1, "AirPods Pro (2nd generation)", false, "main"), new(12, 1, 2, "AirPods Pro Case", false, "main")];
        var fake = new FakePage(Page("Results", "Results", [
            El(1, "link", "Generic Earbuds", item: 10, sponsored: true, tag: "a"),
            El(2, "link", "AirPods Pro (2nd generation)", item: 11, tag: "a"),
            El(3, "link", "AirPods Pro Case", item: 12, tag: "a"),
        ], items));

        var result = await Agent(fake).RunAsync("open the first result", default);

        Assert.Equal(StepStatus.Done, result.Status);
        Assert.Equal(["AirPods Pro (2nd generation)"], fake.Clicks);
    }

    [Fact]
    public async Task Search_FillsTheSearchBoxAndPressesEnterInIt()
    {
        var fake = new FakePage(Page("Shop", "Shop", [El(1, "link", "Cart", "header", tag: "a"), El(2, "searchbox", "Search", "header", tag: "input", inputType: "search")]));

        var result = await Agent(fake).RunAsync("search for 'usb wifi'", default);

        Assert.Equal(StepStatus.Done, result.Status);
        Assert.Equal([(2, "usb wifi")], fake.Filled);
        Assert.Equal([2], fake.Entered);
        Assert.StartsWith("Typed 'usb wifi' into Search, pressed Enter", result.Message);
    }

    [Fact]
    public async Task Search_InABoxThatWillNotKeepTheText_IsNotSureAndDoesNotPressEnter()
    {
        var fake = new FakePage(Page("Shop", "Shop", [El(2, "searchbox", "Search", "header", tag: "input", inputType: "search")]));
        fake.Clearing.Add(2);

        var result = await Agent(fake).RunAsync("search for 'usb wifi', then open the first result", default);

        Assert.Equal(StepStatus.NotSure, result.Status);
        Assert.Empty(fake.Entered);
        Assert.Contains("did not keep the text 'usb wifi'", result.Message);
        Assert.Empty(fake.Clicks);
    }

    [Fact]
    public async Task SignIn_WithoutASubmitButton_WhosePasswordFieldWillNotKeepThePassword_IsNotSure()
    {
        var form = Page("Sign in", "Sign in", [
            El(1, "textbox", "Email", tag: "input", inputType: "email", label: "Email"),
            El(2, "textbox", "Password", tag: "input", inputType: "password", label: "Password"),
        ]) with { HasPasswordField = true };
        var fake = new FakePage(form);
        fake.Clearing.Add(2);

        var result = await new Interpreter(fake, new AgentOptions([new SiteLogin("http://shop.test/", "demo@example.com", "secret")])).RunAsync("log in", default);

        Assert.Equal(StepStatus.NotSure, result.Status);
        Assert.Contains("password field did not keep the password", result.Message);
        Assert.Empty(fake.Entered);
    }

    [Fact]
    public async Task OpenFirstResult_OnAFreshPageWhoseListArrivesLate_WaitsForItThenOpensIt()
    {
        var fake = new FakePage(Page("Results", "Results", [El(1, "link", "Home", "nav", tag: "a")]));
        fake.Settled = Page("Results", "Results", [El(1, "link", "Home", "nav", tag: "a"), El(2, "link", "Blue Kettle", item: 20, tag: "a")],
            [new(20, 2, 0, "Blue Kettle", false, "main")]);

        var result = await Agent(fake).RunAsync("open the first result", default);

        Assert.Equal(StepStatus.Done, result.Status);
        Assert.Equal(["Blue Kettle"], fake.Clicks);
    }

    [Fact]
    public async Task AbsentTarget_OnAnOldPage_IsNotSureWithoutWaiting()
    {
        var fake = new FakePage(Page("Shop", "Shop", [El(1, "link", "Cart", tag: "a")]));

        var result = await Agent(fake).RunAsync("click 'Buy a unicorn'", default);

        Assert.Equal(StepStatus.NotSure, result.Status);
        Assert.Equal(1, fake.Settles);
        Assert.Empty(fake.Clicks);
    }

    [Fact]
    public async Task CookieBanner_OverTheTarget_IsDismissedFirst_ThenTheTargetIsClicked()
    {
        var cart = El(3, "link", "Cart", tag: "a") with { Covered = true };
        var fake = new FakePage(Page("Shop", "Shop", [El(1, "button", "Accept all", "dialog"), El(2, "button", "Reject non-essential", "dialog"), cart], dialog: "Cookie consent"));
        fake.Next[2] = Page("Shop", "Shop", [El(3, "link", "Cart", tag: "a")]);

        var result = await Agent(fake).RunAsync("click 'Cart'", default);

        Assert.Equal(["Reject non-essential", "Cart"], fake.Clicks);
        Assert.Contains("dismissed the cookie banner", result.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CookieBanner_NotInTheWay_IsLeftAlone_TheSitesConsentQuestionIsNotAnsweredUnasked()
    {
        var fake = new FakePage(Page("Shop", "Shop", [El(1, "button", "Accept all", "dialog"), El(2, "button", "Reject non-essential", "dialog"), El(3, "link", "Cart", tag: "a")], dialog: "Cookie consent"));

        var result = await Agent(fake).RunAsync("click 'Cart'", default);

        Assert.Equal(StepStatus.Done, result.Status);
        Assert.Equal(["Cart"], fake.Clicks);
        Assert.DoesNotContain("cookie", result.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task CookieBanner_AndATargetOffScreen_IsDismissedBeforeScrollingToIt()
    {
        var below = El(3, "button", "Add to Cart") with { InViewport = false };
        var fake = new FakePage(Page("Shop", "Shop", [El(1, "button", "Accept all", "dialog"), El(2, "button", "Reject non-essential", "dialog"), below], dialog: "Cookie consent"));
        fake.Next[2] = Page("Shop", "Shop", [below]);

        var result = await Agent(fake).RunAsync("click 'Add to Cart'", default);

        Assert.Equal(["Reject non-essential", "Add to Cart"], fake.Clicks);
    }

    [Fact]
    public async Task ScopedDelete_ClicksTheButtonInTheRightRow_AndConfirmsThePagesOwnDialog()
    {
        var table = Page("Users", "Users", [
            El(1, "button", "Delete", item: 20, itemText: "Ann Lee ann@example.com Delete"),
            El(2, "button", "Delete", item: 21, itemText: "John Smith john@example.com Delete"),
        ]);
        var fake = new FakePage(table);
        fake.Next[2] = Page("Users", "Users", [El(5, "button", "Cancel", "dialog"), El(6, "button", "Delete", "dialog")], dialog: "Delete John Smith?");

        var result = await Agent(fake).RunAsync("click the red 'Delete' button next to the user John Smith", default);

        Assert.Equal(StepStatus.Done, result.Status);
        Assert.Equal(["Delete", "Delete"], fake.Clicks);
        Assert.Contains("John Smith", result.Message);
    }

    [Fact]
    public async Task MissingTarget_AnswersNotSure_NamingItAndTheClosestCandidates()
    {
        var fake = new FakePage(Page("Shop", "Shop", [El(1, "button", "Add to Cart"), El(2, "button", "Add to Wish List")]));

        var result = await Agent(fake).RunAsync("click 'Add to basket now'", default);

        Assert.Equal(StepStatus.NotSure, result.Status);
        Assert.Contains("Add to basket now", result.Message);
        Assert.Empty(fake.Clicks);
    }

    [Fact]
    public async Task DisabledDuplicate_LosesToTheEnabledOneInContext()
    {
        var fake = new FakePage(Page("Home", "Home", [
            El(1, "button", "Publish", enabled: false, section: "Create a post"),
            El(2, "button", "Publish", section: "Drafts", item: 30, itemText: "Launching our new feature today! Publish Edit draft"),
        ]));

        await Agent(fake).RunAsync("Click the button to publish the drafted post.", default);

        Assert.Equal([2], fake.ClickedIds);
    }

    [Fact]
    public async Task TypeWithoutAFieldOnAPageWithSeveral_AsksWhichField()
    {
        var fake = new FakePage(Page("Form", "Form", [El(1, "textbox", "Name", tag: "input", inputType: "text"), El(2, "textbox", "Email", tag: "input", inputType: "email")]));

        var result = await Agent(fake).RunAsync("type \"hello\"", default);

        Assert.Equal(StepStatus.AskUser, result.Status);
        Assert.Empty(fake.Filled);
    }

    [Fact]
    public async Task FillForm_FillsEachFieldByLabel()
    {
        var fake = new FakePage(Page("Contact", "Contact", [
            El(1, "textbox", "Name", tag: "input", inputType: "text", label: "Name"),
            El(2, "textbox", "Email", tag: "input", inputType: "email", label: "Email"),
            El(3, "button", "Send message"),
        ]));

        var result = await Agent(fake).RunAsync("fill the form: name Jane Doe, email jane@example.com, then submit", default);

        Assert.Equal(StepStatus.Done, result.Status);
        Assert.Equal([(1, "Jane Doe"), (2, "jane@example.com")], fake.Filled);
        Assert.Equal(["Send message"], fake.Clicks);
    }

    [Fact]
    public async Task TypeIntoAFormField_ButDoNotSend_TypesTheValue_SendsNothing_AndIsDone()
    {
        var fake = new FakePage(Page("Contact", "Contact us", [
            El(1, "searchbox", "Search", tag: "input", inputType: "search", label: "Search", landmark: "header"),
            El(2, "textbox", "Name", tag: "input", inputType: "text", label: "Name", section: "Send us a message"),
            El(3, "textbox", "Email", tag: "input", inputType: "email", label: "Email", section: "Send us a message"),
            El(4, "button", "Send message", section: "Send us a message"),
        ]));

        var result = await Agent(fake).RunAsync("Type jane@example.com into the email field of the contact form, but don't send anything yet", default);

        Assert.Equal(StepStatus.Done, result.Status);
        Assert.Equal([(3, "jane@example.com")], fake.Filled);
        Assert.Empty(fake.Clicks);
        Assert.Contains("Did not send", result.Message);
    }

    [Fact]
    public async Task AGuardWithAClauseNoRuleKnows_IsNotSure_NeverDone()
    {
        var fake = new FakePage(Page("Contact", "Contact us", [El(1, "button", "Send message")]));

        var result = await Agent(fake).RunAsync("Frobnicate the widget, but don't send anything yet", default);

        Assert.Equal(StepStatus.NotSure, result.Status);
        Assert.Empty(fake.Clicks);
    }

    [Fact]
    public async Task AClickThatChangesNothingOnThePage_IsNotDone()
    {
        var fake = new FakePage(Page("Shop", "Shop", [El(1, "button", "Apply coupon")])) { Inert = true };

        var result = await Agent(fake).RunAsync("click 'Apply coupon'", default);

        Assert.Equal(StepStatus.NotSure, result.Status);
        Assert.Contains("nothing on the page changed", result.Message);
    }

    [Fact]
    public async Task SearchWithNoResults_IsNotSureNamingTheWords_AndOpensNothing()
    {
        var home = Page("Shop", "Shop", [El(1, "searchbox", "Search", tag: "input", inputType: "search", label: "Search", landmark: "header")]);
        var none = new PageObservation("http://shop.test/search?q=x", "Search results", ["Results", "No results for “Nintendo Switch OLED”"], [
            El(5, "link", "Electronics", item: 50, tag: "a", landmark: "main"), El(6, "link", "Audio", item: 51, tag: "a", landmark: "main"),
            El(7, "link", "Clothing", item: 52, tag: "a", landmark: "main"),
        ], [new(50, 1, 0, "Electronics", false, "main"), new(51, 1, 1, "Audio", false, "main"), new(52, 1, 2, "Clothing", false, "main")], null, false,
            "0 results for “Nintendo Switch OLED”");
        var fake = new FakePage(home);

        var result = await new Interpreter(new SwitchingPage(fake, none), new AgentOptions([])).RunAsync("Search for a Nintendo Switch OLED and open the product page of the top result.", default);

        Assert.Equal(StepStatus.NotSure, result.Status);
        Assert.Contains("no results for 'Nintendo Switch OLED'", result.Message);
        Assert.Empty(fake.Clicks);
        Assert.Equal([(1, "Nintendo Switch OLED")], fake.Filled);
    }

    [Fact]
    public async Task OpenTheTopResult_AfterASearchWhoseListDoesNotMatch_OpensNothing()
    {
        var home = Page("Shop", "Shop", [El(1, "searchbox", "Search", tag: "input", inputType: "search", label: "Search", landmark: "header")]);
        var unrelated = new PageObservation("http://shop.test/search?q=x", "Search results", ["Results"], [
            El(5, "link", "Electronics", item: 50, tag: "a"), El(6, "link", "Audio", item: 51, tag: "a"), El(7, "link", "Clothing", item: 52, tag: "a"),
        ], [new(50, 1, 0, "Electronics", false, "main"), new(51, 1, 1, "Audio", false, "main"), new(52, 1, 2, "Clothing", false, "main")], null, false, "Results");
        var fake = new FakePage(home);

        var result = await new Interpreter(new SwitchingPage(fake, unrelated), new AgentOptions([])).RunAsync("search for 'Nintendo Switch OLED' and open the top product page", default);

        Assert.Equal(StepStatus.NotSure, result.Status);
        Assert.Contains("no results for 'Nintendo Switch OLED'", result.Message);
        Assert.Empty(fake.Clicks);
    }

    [Fact]
    public async Task SortByPriceHighestFirst_ChoosesTheOptionThatMeansIt()
    {
        var sort = El(1, "combobox", "Sort by", tag: "select", label: "Sort by") with { Options = ["Featured", "Price: Low to High", "Price: High to Low", "Avg. Customer Review"] };
        var fake = new FakePage(Page("Results", "Results", [sort]));
        var chosen = new List<string>();

        var result = await new Interpreter(new SelectRecorder(fake, chosen), new AgentOptions([])).RunAsync("Sort the results by price, highest first", default);

        Assert.Equal(StepStatus.Done, result.Status);
        Assert.Equal(["Price: High to Low"], chosen);
    }

    [Fact]
    public async Task BrandNameNotOnThePage_IsReadAsTheSite_AndTheCategoryLinkIsFollowed()
    {
        var fake = new FakePage(Page("Practice Catalog", "Shop by category", [
            El(1, "link", "Men › Jeans", tag: "a", landmark: "nav"), El(2, "link", "Women › Dresses", tag: "a", landmark: "nav"),
        ]));

        var result = await Agent(fake).RunAsync("Open the H&M men jeans category page", default);

        Assert.Equal(StepStatus.Done, result.Status);
        Assert.Equal(["Men › Jeans"], fake.Clicks);
        Assert.Contains("'H&M' read as the site's name", result.Message);
    }

    [Fact]
    public async Task AFormFromASentence_ChoosesTheSelectOption_TypesTheRest_AndAsksForWhatIsMissingBeforeSending()
    {
        var subject = El(3, "combobox", "Subject", tag: "select", label: "Subject") with
            { Options = ["Choose a subject", "Order question", "Returns and refunds"], Value = "Choose a subject", Required = true, Form = "f1" };
        var fake = new FakePage(Page("Contact", "Contact us", [
            El(1, "textbox", "Name", tag: "input", inputType: "text", label: "Name") with { Required = true, Form = "f1" },
            El(2, "textbox", "Email", tag: "input", inputType: "email", label: "Email") with { Required = true, Form = "f1" },
            subject,
            El(4, "textbox", "Message", tag: "textarea", label: "Message") with { Required = true, Form = "f1" },
            El(5, "button", "Send message") with { Form = "f1" },
        ]));
        var chosen = new List<string>();

        var result = await new Interpreter(new SelectRecorder(fake, chosen), new AgentOptions([]))
            .RunAsync("my name is Jane Doe, my email is jane@example.com, topic returns, then send it", default);

        Assert.Equal(StepStatus.AskUser, result.Status);
        Assert.Contains("'Message'", result.Message);
        Assert.Equal(["Returns and refunds"], chosen);
        Assert.Equal([(1, "Jane Doe"), (2, "jane@example.com")], fake.Filled);
        Assert.Empty(fake.Clicks);
    }

    private static List<PageElement> PriceFilters(bool withFields = true)
    {
        List<PageElement> els =
        [
            El(20, "link", "Under $25", "aside", item: 120, section: "Filters", tag: "a"),
            El(21, "link", "$25 to $50", "aside", item: 121, section: "Filters", tag: "a"),
            El(22, "link", "$100 & Above", "aside", item: 122, section: "Filters", tag: "a"),
        ];
        if (withFields)
        {
            els.Add(El(23, "spinbutton", "Min", "aside", section: "Filters", tag: "input", inputType: "number") with { Placeholder = "$ Min" });
            els.Add(El(24, "spinbutton", "Max", "aside", section: "Filters", tag: "input", inputType: "number") with { Placeholder = "$ Max" });
            els.Add(El(25, "button", "Go", "aside", section: "Filters"));
        }
        return els;
    }

    private static ListItem[] PriceLinkItems => [new(120, 9, 0, "Under $25", false, "aside"), new(121, 9, 1, "$25 to $50", false, "aside"), new(122, 9, 2, "$100 & Above", false, "aside")];

    [Fact]
    public async Task OpenTheFirstResult_OfASearchWithOneResult_OpensTheProduct_NeverASidebarFilterLink()
    {
        var home = Page("Shop", "Shop", [El(1, "searchbox", "Search", "header", tag: "input", inputType: "search")]);
        var results = Page("Results", "1 results", [El(1, "searchbox", "Search", "header", tag: "input", inputType: "search"), .. PriceFilters(),
            El(30, "link", "Aurora Wireless Headphones", tag: "a"), El(31, "button", "Add to bag")], PriceLinkItems);
        var fake = new FakePage(home);

        var result = await new Interpreter(new SwitchingPage(fake, results), new AgentOptions([]))
            .RunAsync("Search for 'Aurora Wireless Headphones' and open the first product page.", default);

        Assert.Equal(StepStatus.Done, result.Status);
        Assert.Equal(["Aurora Wireless Headphones"], fake.Clicks);
    }

    [Fact]
    public async Task APriceRangeNoLinkStates_FillsMinAndMax_ThenClicksTheirGo()
    {
        var fake = new FakePage(Page("Results", "Results", PriceFilters(), PriceLinkItems));

        var result = await Agent(fake).RunAsync("Set the price range to $30 - $90", default);

        Assert.Equal(StepStatus.Done, result.Status);
        Assert.Equal([(23, "30"), (24, "90")], fake.Filled);
        Assert.Equal(["Go"], fake.Clicks);
    }

    [Fact]
    public async Task APriceRangeALinkStates_ClicksThatLink_AndTypesNothing()
    {
        var fake = new FakePage(Page("Results", "Results", PriceFilters(), PriceLinkItems));

        var result = await Agent(fake).RunAsync("Show headphones from $25 to $50", default);

        Assert.Equal(StepStatus.Done, result.Status);
        Assert.Equal(["$25 to $50"], fake.Clicks);
        Assert.Empty(fake.Filled);
    }

    [Fact]
    public async Task APriceRangeThePageCannotSet_IsNotSure_AndNothingIsClicked()
    {
        var fake = new FakePage(Page("Results", "Results", PriceFilters(withFields: false), PriceLinkItems));

        var result = await Agent(fake).RunAsync("Only headphones under $60 please", default);

        Assert.Equal(StepStatus.NotSure, result.Status);
        Assert.Empty(fake.Clicks);
    }

    [Fact]
    public async Task FourStarsAndUp_ClicksTheControlThatStatesIt_AndLeavesAnAlreadyTickedOneAlone()
    {
        var stars = El(40, "checkbox", "★★★★ & up", "aside", section: "Customer reviews", tag: "div") with { Checked = false };
        var fake = new FakePage(Page("Results", "Results", [El(41, "checkbox", "★★★ & up", "aside", tag: "div") with { Checked = false }, stars]));

        var result = await Agent(fake).RunAsync("Show 4 stars and up only", default);

        Assert.Equal(StepStatus.Done, result.Status);
        Assert.Equal(["★★★★ & up"], fake.Clicks);

        var ticked = new FakePage(Page("Results", "Results", [stars with { Checked = true }]));
        Assert.Equal(StepStatus.Done, (await Agent(ticked).RunAsync("only show items with at least 4 stars", default)).Status);
        Assert.Empty(ticked.Clicks);
    }

    [Fact]
    public async Task SetTheQuantityTo3_TypesIntoTheQuantityField_WhenItIsNotAListOfOptions()
    {
        var fake = new FakePage(Page("Product", "Volt Power Bank", [
            El(1, "spinbutton", "Quantity", tag: "input", inputType: "number", label: "Quantity") with { Value = "1" },
            El(2, "button", "Add to bag"),
        ]));

        var result = await Agent(fake).RunAsync("Set the quantity to 3 and add to bag", default);

        Assert.Equal(StepStatus.Done, result.Status);
        Assert.Equal([(1, "3")], fake.Filled);
        Assert.Equal(["Add to bag"], fake.Clicks);
    }

    [Fact]
    public async Task UpvoteTheTopPost_ClicksTheFirstUpvote()
    {
        ListItem[] items = [new(10, 1, 0, "Raj: hello", false, "main"), new(11, 1, 1, "Lena: hi", false, "main")];
        var fake = new FakePage(Page("Feed", "Feed", [
            El(1, "button", "Upvote", item: 10, itemText: "Raj: hello"), El(2, "button", "Upvote", item: 11, itemText: "Lena: hi"),
        ], items));

        var result = await Agent(fake).RunAsync("upvote the top post", default);

        Assert.Equal(StepStatus.Done, result.Status);
        Assert.Equal([1], fake.ClickedIds);
    }

    /// <summary>After Enter in a search box, the page becomes <paramref name="results"/>.</summary>
    private sealed class SwitchingPage(FakePage inner, PageObservation results) : IPageDriver
    {
        public Task<PageObservation> ObserveAsync(CancellationToken ct) => inner.ObserveAsync(ct);
        public Task GotoAsync(string url, CancellationToken ct) => inner.GotoAsync(url, ct);
        public Task ClickAsync(int elementId, CancellationToken ct) => inner.ClickAsync(elementId, ct);
        public Task FillAsync(int elementId, string text, CancellationToken ct) => inner.FillAsync(elementId, text, ct);
        public Task SelectAsync(int elementId, string optionText, CancellationToken ct) => inner.SelectAsync(elementId, optionText, ct);
        public Task SetCheckedAsync(int elementId, bool on, CancellationToken ct) => inner.SetCheckedAsync(elementId, on, ct);
        public Task PressAsync(string key, CancellationToken ct) => inner.PressAsync(key, ct);

        public async Task<bool> FillAndEnterAsync(int elementId, string text, CancellationToken ct)
        {
            var ok = await inner.FillAndEnterAsync(elementId, text, ct);
            inner.Current = results;
            return ok;
        }

        public Task ScrollAsync(ScrollDirection direction, CancellationToken ct) => inner.ScrollAsync(direction, ct);
        public Task<int> ScrollUntilLoadedAsync(CancellationToken ct) => inner.ScrollUntilLoadedAsync(ct);
        public Task<bool> WaitForTextAsync(string text, TimeSpan timeout, CancellationToken ct) => inner.WaitForTextAsync(text, timeout, ct);
        public Task<bool> SettleIfFreshAsync(CancellationToken ct) => inner.SettleIfFreshAsync(ct);
    }

    /// <summary>Records the option chosen and shows it selected, as a browser would.</summary>
    private sealed class SelectRecorder(FakePage inner, List<string> chosen) : IPageDriver
    {
        public Task<PageObservation> ObserveAsync(CancellationToken ct) => inner.ObserveAsync(ct);
        public Task GotoAsync(string url, CancellationToken ct) => inner.GotoAsync(url, ct);
        public Task ClickAsync(int elementId, CancellationToken ct) => inner.ClickAsync(elementId, ct);
        public Task FillAsync(int elementId, string text, CancellationToken ct) => inner.FillAsync(elementId, text, ct);

        public Task SelectAsync(int elementId, string optionText, CancellationToken ct)
        {
            chosen.Add(optionText);
            inner.Current = inner.Current with { Elements = [.. inner.Current.Elements.Select(e => e.Id == elementId ? e with { Value = optionText } : e)] };
            return Task.CompletedTask;
        }

        public Task SetCheckedAsync(int elementId, bool on, CancellationToken ct) => inner.SetCheckedAsync(elementId, on, ct);
        public Task PressAsync(string key, CancellationToken ct) => inner.PressAsync(key, ct);
        public Task<bool> FillAndEnterAsync(int elementId, string text, CancellationToken ct) => inner.FillAndEnterAsync(elementId, text, ct);
        public Task ScrollAsync(ScrollDirection direction, CancellationToken ct) => inner.ScrollAsync(direction, ct);
        public Task<int> ScrollUntilLoadedAsync(CancellationToken ct) => inner.ScrollUntilLoadedAsync(ct);
        public Task<bool> WaitForTextAsync(string text, TimeSpan timeout, CancellationToken ct) => inner.WaitForTextAsync(text, timeout, ct);
        public Task<bool> SettleIfFreshAsync(CancellationToken ct) => inner.SettleIfFreshAsync(ct);
    }
}

/// <summary>A native confirm() a click raises reaches the interpreter through everything that wraps the page (ConsentBanner).</summary>
public sealed class NativeDialogThroughTheAgentsPageTests
{
    private static RowsDialogsMessagesTests.Fake UsersPage()
    {
        var page = new RowsDialogsMessagesTests.Fake(RowsDialogsMessagesTests.Page(
            [RowsDialogsMessagesTests.El(1, "button", "Delete user"), RowsDialogsMessagesTests.El(2, "button", "Invite")], text: "Delete user Invite"));
        page.Next[1] = RowsDialogsMessagesTests.Page([RowsDialogsMessagesTests.El(2, "button", "Invite")], text: "Invite");
        page.NativeDialogs[1] = "Delete this user?";
        return page;
    }

    [Fact]
    public async Task AnAskedForDelete_AcceptsTheBrowsersConfirm_AndSaysSo()
    {
        var page = UsersPage();

        var result = await new Interpreter(page, new AgentOptions([])).RunAsync("click 'Delete user'", default);

        Assert.Equal([true], page.AcceptedAtClicks);
        Assert.Equal(StepStatus.Done, result.Status);
        Assert.Contains("confirmed the page's question 'Delete this user?'", result.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AConfirmTheCommandForbids_IsDeclined_AndTheAnswerIsNotDone()
    {
        var page = UsersPage();

        var result = await new Interpreter(page, new AgentOptions([])).RunAsync("click 'Delete user' but don't confirm anything", default);

        Assert.Equal([false], page.AcceptedAtClicks);
        Assert.NotEqual(StepStatus.Done, result.Status);
    }
}
