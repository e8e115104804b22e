using OpsDashboard.Core.Agent;
using OpsDashboard.Core.Api;
using static OpsDashboard.Core.Tests.Agent.RowsDialogsMessagesTests;

namespace OpsDashboard.Core.Tests.Agent;

/// <summary>
/// Issue 10, the general planner: a clause no phrase rule knows is kept as its words (<see cref="GenericAction"/>)
/// and mapped onto the page's affordances — the record it names (a person, an email, "him" after a search), a
/// select in that record with an option the words name, a control or menu item made of the clause's words, a box
/// the control opens for the clause's value. Also pinned: forms from a sentence addressed to the site's support,
/// newsletter sign-up with an email, post and message phrasings with no text asking the user, and the edit dialog
/// this command opened being saved.
/// </summary>
public sealed class GeneralPlannerTests
{
    private static Task<AgentResult> Run(Fake page, string cmd) => new Interpreter(page, new AgentOptions([])).RunAsync(cmd, default);

    [Theory]
    [InlineData("Reset Priya Natarajan's password", "reset", "Priya Natarajan", null)]
    [InlineData("Demote Sofia Alvarez to Viewer", "demote", "Sofia Alvarez", "Viewer")]
    [InlineData("Reply 'See you there' to Raj Patel's post", "reply", "Raj Patel", "See you there")]
    [InlineData("Delete the user whose email is liam.walsh@atlas.example", "delete", "liam.walsh@atlas.example", null)]
    public void AClauseNoRuleKnows_IsKeptAsVerbRecordAndValue(string clause, string verb, string scope, string? value)
    {
        var plan = IntentParser.Parse(clause);

        var act = Assert.IsType<ActIntent>(Assert.Single(plan.Intents));
        Assert.Equal(verb, act.Verb);
        Assert.Contains(scope, act.Scopes);
        Assert.Equal(value, act.Value);
    }

    [Fact]
    public void AClauseThatDoesNotStartWithAVerb_IsStillUnrecognized_NeverGuessed()
    {
        var plan = IntentParser.Parse("Quarterly numbers for Priya Natarajan");

        Assert.Empty(plan.Intents);
        Assert.Single(plan.Unrecognized);
    }

    [Fact]
    public async Task MakePersonAnAdmin_ChoosesTheOptionOfTheSelectInThatPersonsRow()
    {
        var roles = new[] { "Viewer", "Editor", "Admin" };
        var fake = new Fake(Page([
            El(1, "combobox", "Role", tag: "select", item: 100, itemText: "Priya Natarajan priya@atlas.example") with { Options = roles, Value = "Editor" },
            El(2, "combobox", "Role", tag: "select", item: 101, itemText: "Aiko Tanaka aiko@atlas.example") with { Options = roles, Value = "Viewer" },
            El(3, "combobox", "Role", tag: "select", item: 102, itemText: "Marcus Chen marcus@atlas.example") with { Options = roles, Value = "Viewer" },
        ]));

        var result = await Run(fake, "Make Aiko Tanaka an admin");

        Assert.Equal(StepStatus.Done, result.Status);
        Assert.Equal([(2, "Admin")], fake.Selected);
    }

    [Fact]
    public async Task ResetAPersonsPassword_IsTheMenuItemMadeOfTheClausesWords_InThatPersonsRowMenu()
    {
        const string priya = "Priya Natarajan priya@atlas.example Editor";
        var rows = Page([
            El(1, "button", "More actions", item: 100, itemText: priya),
            El(2, "button", "More actions", item: 101, itemText: "Marcus Chen marcus@atlas.example Viewer"),
            El(9, "button", "Invite user"),
        ]);
        var fake = new Fake(rows);
        fake.Next[1] = Page([.. rows.Elements, El(3, "menuitem", "Edit user", item: 100, itemText: priya), El(4, "menuitem", "Reset password", item: 100, itemText: priya)]);

        var result = await Run(fake, "Reset Priya Natarajan's password");

        Assert.Equal(StepStatus.Done, result.Status);
        Assert.Equal(["More actions", "Reset password"], fake.Clicks);
    }

    [Fact]
    public async Task InviteWithAnEmailThatNamesNoRow_OpensTheInviteBox_TypesIt_PressesItsOwnButton()
    {
        var start = Page([El(1, "button", "Invite user"), El(2, "button", "More actions", item: 100, itemText: "Priya Natarajan priya@atlas.example")]);
        var fake = new Fake(start);
        fake.Next[1] = Page([
            El(3, "textbox", "Email address", landmark: "dialog", tag: "input", label: "Email address", inputType: "email"),
            El(4, "button", "Cancel", landmark: "dialog"), El(5, "button", "Send invite", landmark: "dialog"),
        ], dialog: "Invite a user");

        var result = await Run(fake, "Invite a new user with email kim@atlas.example");

        Assert.Equal(StepStatus.Done, result.Status);
        Assert.Equal([(3, "kim@atlas.example")], fake.Filled);
        Assert.Equal(["Invite user", "Send invite"], fake.Clicks);
    }

    [Fact]
    public async Task FollowHim_AfterAPeopleSearch_IsTheFollowButtonOnThatPersonsLine()
    {
        var fake = new Fake(Page([
            El(1, "searchbox", "Search people", landmark: "aside", tag: "input", inputType: "search"),
            El(2, "button", "Follow", landmark: "aside") with { Context = "Tom Becker @tom Follow Message" },
            El(3, "button", "Follow", landmark: "main", item: 100, itemText: "Lena Vogel posted"),
        ]));

        var result = await Run(fake, "Find Tom Becker in people search and follow him");

        Assert.Equal(StepStatus.Done, result.Status);
        Assert.Equal(["Follow"], fake.Clicks);
        Assert.Equal([(1, "Tom Becker")], fake.Filled);
    }

    [Fact]
    public void AMessageToSupportWithFields_FillsTheFormAndSendsItAfterTheOtherClauses()
    {
        var plan = IntentParser.Parse("Send a support request: name Kofi Mensah, email kofi@mensah.gh, topic Order status, message 'Order 771 has not shipped', and sign me up for the newsletter");

        var fill = Assert.IsType<FillFormIntent>(plan.Intents[0]);
        Assert.Equal([("Name", "Kofi Mensah"), ("Email", "kofi@mensah.gh"), ("Topic", "Order status"), ("Message", "Order 771 has not shipped")], fill.Pairs);
        Assert.IsType<CheckIntent>(plan.Intents[1]);
        Assert.IsType<SubmitIntent>(plan.Intents[^1]);
    }

    [Fact]
    public void ADirectMessageToAPerson_IsNotTheSupportForm()
    {
        var plan = IntentParser.Parse("Send a direct message to Nora Quinn saying 'Are we still on for Friday?'");

        Assert.IsType<MessageIntent>(Assert.Single(plan.Intents));
    }

    [Fact]
    public void SendAMessageAsANameAndEmail_ReadsTheUnkeyedNameAndEmail()
    {
        var pairs = IntentParser.ContactPairs("as Li Wei, li.wei@example.com, subject Technical support, message 'The site logs me out.'");

        Assert.Equal([("Name", "Li Wei"), ("Email", "li.wei@example.com"), ("Subject", "Technical support"), ("Message", "The site logs me out.")], pairs);
    }

    [Fact]
    public void NewsletterWithAnEmail_TypesItIntoTheNewsletterForm_ThenItsSignUp()
    {
        var plan = IntentParser.Parse("Join the mailing list with the email zoe@example.com");

        var type = Assert.IsType<TypeIntent>(plan.Intents[0]);
        Assert.Equal("zoe@example.com", type.Text);
        Assert.Equal("newsletter", type.Scope);
        Assert.IsType<ClickIntent>(plan.Intents[1]);
    }

    [Theory]
    [InlineData("Post something")]
    [InlineData("Send Nora Quinn a message")]
    public async Task NothingToSay_AsksTheUser_NothingDone(string cmd)
    {
        var fake = new Fake(Page([El(1, "textbox", "What's happening?", tag: "textarea"), El(2, "button", "Post"), El(3, "button", "Message Nora Quinn")]));

        var result = await Run(fake, cmd);

        Assert.Equal(StepStatus.AskUser, result.Status);
        Assert.Empty(fake.Clicks);
        Assert.Empty(fake.Filled);
    }

    [Theory]
    [InlineData("Create a post with the text 'Back from vacation' and post it", typeof(PostIntent))]
    [InlineData("Share 'Our docs got a redesign' with my followers", typeof(PostIntent))]
    [InlineData("Save a draft that says 'Thoughts on remote work'", typeof(DraftPostIntent))]
    [InlineData("Compose a post saying \"Q3 numbers look great\" and save it as a draft without publishing", typeof(DraftPostIntent))]
    public void PostAndDraftPhrasings_AreOneIntent(string cmd, Type kind)
    {
        var plan = IntentParser.Parse(cmd);

        Assert.IsType(kind, Assert.Single(plan.Intents));
        Assert.Empty(plan.Unrecognized);
    }

    [Theory]
    [InlineData("Select Billing as the topic, don't submit the form", "Billing", "topic")]
    [InlineData("Set the topic to Partnership in the contact form", "Partnership", "topic")]
    public void OptionAsField_AndAFormNamedAfterTheValue(string cmd, string option, string field)
    {
        var plan = IntentParser.Parse(cmd);

        var sel = Assert.IsType<SelectIntent>(Assert.Single(plan.Intents));
        Assert.Equal(option, sel.Option);
        Assert.Equal(field, sel.Field);
    }

    [Fact]
    public async Task ChangingAFieldOfAnEditDialogThisCommandOpened_SavesTheDialog()
    {
        var rows = Page([El(1, "button", "Edit", item: 100, itemText: "Liam Walsh liam@atlas.example"), El(2, "button", "Edit", item: 101, itemText: "Priya Natarajan")]);
        var fake = new Fake(rows);
        fake.Next[1] = Page([
            El(3, "textbox", "Email address", landmark: "dialog", tag: "input", label: "Email address", inputType: "email"),
            El(4, "button", "Cancel", landmark: "dialog"), El(5, "button", "Save", landmark: "dialog"),
        ], dialog: "Edit user");
        fake.Next[5] = Page([.. rows.Elements], text: "Saved.");

        var result = await Run(fake, "Edit Liam Walsh and change his email to liam.w@atlas.example");

        Assert.Equal(StepStatus.Done, result.Status);
        Assert.Equal([(3, "liam.w@atlas.example")], fake.Filled);
        Assert.Equal(["Edit", "Save"], fake.Clicks);
    }

    [Theory]
    [InlineData("Start cancelling order 302 but keep the order")]
    [InlineData("Open the cancel dialog for order 302 but don't confirm")]
    public async Task OnlyTheConfirmationAsked_WithConfirmingForbidden_IsAnsweredNo_AndDone(string cmd)
    {
        var rows = Page([El(1, "button", "Cancel", item: 100, itemText: "#301 Priya Shipped"), El(2, "button", "Cancel", item: 101, itemText: "#302 Marcus Pending")]);
        var fake = new Fake(rows);
        fake.Next[2] = Page([El(5, "button", "Yes, cancel order", landmark: "dialog"), El(6, "button", "Keep order", landmark: "dialog")], dialog: "Cancel order #302?");
        fake.Next[6] = rows;

        var result = await Run(fake, cmd);

        Assert.True(result.Status == StepStatus.Done, result.Message);
        Assert.Equal(["Cancel", "Keep order"], fake.Clicks);
    }

    [Fact]
    public async Task DeleteButDoNotConfirm_StillAsksTheUser_TheDeletionWasTheAction()
    {
        var rows = Page([El(1, "button", "Delete", item: 100, itemText: "Marcus Chen"), El(2, "button", "Delete", item: 101, itemText: "Priya Natarajan")]);
        var fake = new Fake(rows);
        fake.Next[1] = Page([El(5, "button", "Yes, delete", landmark: "dialog"), El(6, "button", "Cancel", landmark: "dialog")], dialog: "Delete Marcus Chen?");

        var result = await Run(fake, "Delete Marcus Chen but do not confirm anything");

        Assert.Equal(StepStatus.AskUser, result.Status);
        Assert.Equal(["Delete"], fake.Clicks);
    }

    [Fact]
    public void TheLongestFieldNameWins_AndTheMessageComesLast()
    {
        var pairs = IntentParser.ContactPairs("with name Ben Carter, email ben@carter.dev, subject Order status, order number 55120 and message 'Where is my parcel?'");

        Assert.Equal([("Name", "Ben Carter"), ("Email", "ben@carter.dev"), ("Subject", "Order status"), ("Order number", "55120"), ("Message", "Where is my parcel?")], pairs);
    }

    [Fact]
    public void AClickThePlanAlreadyImplied_NamedAgain_IsOneClick_ButTwoAskedClicksStayTwo()
    {
        var once = IntentParser.Parse("Enter sara@example.com in the footer newsletter form and click Subscribe");
        var twice = IntentParser.Parse("Click Next, then click Next");

        Assert.Single(once.Intents.OfType<ClickIntent>());
        Assert.Equal(2, twice.Intents.OfType<ClickIntent>().Count());
    }

    [Fact]
    public async Task FillingAForm_KeepsToTheFormWithAFieldForMostValues()
    {
        var fake = new Fake(Page([
            El(1, "textbox", "Your name", tag: "input", label: "Your name") with { Form = "f1" },
            El(2, "textbox", "Email address", tag: "input", label: "Email address", inputType: "email") with { Form = "f1" },
            El(3, "textbox", "Email", tag: "input", label: "Email", inputType: "email", landmark: "footer") with { Form = "f2" },
        ]));

        var result = await Run(fake, "Fill the contact form: name Omar Farouk, email omar@example.org");

        Assert.Equal(StepStatus.Done, result.Status);
        Assert.Equal([(1, "Omar Farouk"), (2, "omar@example.org")], fake.Filled);
    }
}
