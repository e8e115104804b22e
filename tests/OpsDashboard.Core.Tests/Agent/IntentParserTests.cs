using OpsDashboard.Core.Agent;

namespace OpsDashboard.Core.Tests.Agent;

/// <summary>The phrasings people send to web agents, parsed into intents, guards and stop conditions.</summary>
public sealed class IntentParserTests
{
    private static T Single<T>(string cmd) where T : Intent =>
        Assert.IsType<T>(Assert.Single(IntentParser.Parse(cmd).Intents));

    [Fact]
    public void ShopWorkflowStep1_IsOptionalLoginThenSearchThenOpenFirstResult()
    {
        var plan = IntentParser.Parse("Log in using the saved browser profile if available, search for 'AirPods Pro', and open the first product page.");

        Assert.Collection(plan.Intents,
            i => Assert.True(Assert.IsType<LoginIntent>(i).Optional),
            i => Assert.Equal("AirPods Pro", Assert.IsType<SearchIntent>(i).Query),
            i => Assert.Equal(1, Assert.IsType<OpenResultIntent>(i).Ordinal));
        Assert.Empty(plan.Unrecognized);
    }

    [Fact]
    public void CheckoutStep_HasAStopConditionAndAGuard()
    {
        var plan = IntentParser.Parse("Proceed to checkout, confirm the existing shipping address, and stop when you reach the payment selection page. Do not place the order.");

        Assert.Equal("Proceed to checkout", Assert.IsType<ClickIntent>(plan.Intents[0]).Target);
        Assert.Contains("shipping address", Assert.IsType<ConfirmIntent>(plan.Intents[1]).Thing);
        Assert.Equal("the payment selection page", plan.StopWhen);
        Assert.Equal(["place the order"], plan.Forbidden);
        Assert.Empty(plan.Conflicts());
    }

    [Fact]
    public void AddThisItemToTheCart_ThenNavigateToTheCartPage()
    {
        var plan = IntentParser.Parse("Add this item to the cart, then navigate to the cart page.");

        var add = Assert.IsType<AddToIntent>(plan.Intents[0]);
        Assert.Equal("cart", add.Destination);
        Assert.Null(add.Product);
        Assert.Equal("cart", Assert.IsType<GoToIntent>(plan.Intents[1]).Place);
    }

    [Fact]
    public void DraftWithoutPublishing_IsADraftAndAGuard()
    {
        var plan = IntentParser.Parse("Draft a post saying \"Launching our new feature today!\" without publishing it.");

        Assert.Equal("Launching our new feature today!", Assert.IsType<DraftPostIntent>(Assert.Single(plan.Intents)).Text);
        Assert.Equal(["publishing it"], plan.Forbidden);
    }

    [Fact]
    public void ClickTheButtonToPublishTheDraftedPost_TargetsPublishWithContext()
    {
        var click = Single<ClickIntent>("Click the button to publish the drafted post.");

        Assert.Equal("Publish", click.Target);
        Assert.Equal("the drafted post", click.Context);
    }

    [Fact]
    public void PlaceTheOrderButDoNotPlaceTheOrder_IsAConflict()
    {
        var plan = IntentParser.Parse("Place the order, but do not place the order.");

        Assert.Single(plan.Conflicts());
    }

    [Theory]
    [InlineData("open the men's jeans category and scroll to load products", "men's jeans")]
    [InlineData("go to the cart page", "cart")]
    public void GoToAPlaceByName(string cmd, string place) =>
        Assert.Equal(place, Assert.IsType<GoToIntent>(IntentParser.Parse(cmd).Intents[0]).Place);

    [Theory]
    [InlineData("Open the product page of the second product", 2)]
    [InlineData("open the first result", 1)]
    [InlineData("click the 3rd item", 3)]
    [InlineData("open the last listing", -1)]
    [InlineData("open the top result", 1)]
    public void OpenTheNthResult(string cmd, int ordinal) =>
        Assert.Equal(ordinal, Single<OpenResultIntent>(cmd).Ordinal);

    [Fact]
    public void ClickTheRedDeleteButtonNextToAUser_IsScopedToTheirRow()
    {
        var click = Single<ClickIntent>("click the red 'Delete' button next to the user John Smith");

        Assert.Equal("Delete", click.Target);
        Assert.Equal("John Smith", click.Scope);
    }

    [Fact]
    public void ClickNextToGoToTheNextPage_IgnoresThePurpose() =>
        Assert.Equal("Next", Single<ClickIntent>("click the 'Next' button to go to the next page").Target);

    [Fact]
    public void ClickThe4StarsAndUpFilter_DropsTheRoleWord() =>
        Assert.Equal("4 stars and up", Single<ClickIntent>("click the 4 stars and up filter").Target);

    [Fact]
    public void SortByPriceHighToLow() =>
        Assert.Equal("price high to low", Single<SortIntent>("sort the results by price high to low").By);

    [Fact]
    public void AddTheFirstItemToTheCart_IsOrdinal()
    {
        var add = Single<AddToIntent>("add the first item to the cart");

        Assert.Equal(1, add.Ordinal);
        Assert.Null(add.Product);
    }

    [Fact]
    public void AddANamedProductToMyWishList()
    {
        var add = Single<AddToIntent>("add AirPods Max to my wish list");

        Assert.Equal("wish list", add.Destination);
        Assert.Equal("AirPods Max", add.Product);
    }

    [Fact]
    public void FillTheForm_ThenSubmit()
    {
        var plan = IntentParser.Parse("fill the form: name Jane Doe, email jane@example.com, then submit");

        var fill = Assert.IsType<FillFormIntent>(plan.Intents[0]);
        Assert.Equal([("Name", "Jane Doe"), ("Email", "jane@example.com")], fill.Pairs);
        Assert.IsType<SubmitIntent>(plan.Intents[1]);
    }

    [Theory]
    [InlineData("follow @alice", "Follow @alice")]
    [InlineData("cancel order 302", "Cancel order")]
    public void SocialAndOrderActions_AreNamedClicks(string cmd, string target) =>
        Assert.Equal(target, Single<ClickIntent>(cmd).Target);

    [Fact]
    public void CancelOrder_IsScopedToTheOrderNumber() =>
        Assert.Equal("302", Single<ClickIntent>("cancel order 302").Scope);

    [Fact]
    public void PostHello_IsAPost() => Assert.Equal("Hello", Single<PostIntent>("post 'Hello'").Text);

    [Fact]
    public void ChangeMyBio_SetsTheBioField()
    {
        var set = Single<SetFieldIntent>("change my bio to \"Building agents\"");

        Assert.Equal("Bio", set.Field);
        Assert.Equal("Building agents", set.Value);
    }

    [Fact]
    public void ShowMeProductsUnderTwentyFive_IsAnUpperPriceBound() =>
        Assert.Equal(new PriceRange(null, 25m), Single<PriceRangeIntent>("show me products under $25").Range);

    [Fact]
    public void ScrollUntilNoMoreItemsLoad_ScrollsUntilLoaded() =>
        Single<ScrollUntilLoadedIntent>("scroll until no more items load");

    [Fact]
    public void ScrollDown_IsAPlainScroll() =>
        Assert.Equal(ScrollDirection.Down, Single<ScrollIntent>("scroll down").Direction);

    [Fact]
    public void Gibberish_IsUnrecognized()
    {
        var plan = IntentParser.Parse("asdf qwer zxcv");

        Assert.Empty(plan.Intents);
        Assert.Equal(["asdf qwer zxcv"], plan.Unrecognized);
    }

    [Fact]
    public void SearchForQuotedText() => Assert.Equal("usb wifi", Single<SearchIntent>("Search for \"usb wifi\"").Query);

    [Fact]
    public void GuideSentence_SearchForANamedProduct_DropsTheArticleFromTheQuery()
    {
        var plan = IntentParser.Parse("Search for a Nintendo Switch OLED and open the product page of the top result.");

        Assert.Collection(plan.Intents,
            i => Assert.Equal("Nintendo Switch OLED", Assert.IsType<SearchIntent>(i).Query),
            i => Assert.Equal(1, Assert.IsType<OpenResultIntent>(i).Ordinal));
        Assert.Empty(plan.Unrecognized);
    }

    [Fact]
    public void GuideSentence_LogInIfNecessaryAndDraftSaying_IsOptionalLoginADraftAndAPublishGuard()
    {
        var plan = IntentParser.Parse("Log in if necessary and draft a new post saying: \"Launching our new feature today!\" but do not publish yet.");

        Assert.Collection(plan.Intents,
            i => Assert.True(Assert.IsType<LoginIntent>(i).Optional),
            i => Assert.Equal("Launching our new feature today!", Assert.IsType<DraftPostIntent>(i).Text));
        Assert.Equal(["publish"], plan.Forbidden);
        Assert.Empty(plan.Unrecognized);
    }

    [Fact]
    public void GuideSentence_ProceedUntilThePaymentPage_IsAClickAndAStopCondition()
    {
        var plan = IntentParser.Parse("Proceed to checkout until the payment method selection page, but do not place the order.");

        Assert.Equal("Proceed to checkout", Assert.IsType<ClickIntent>(Assert.Single(plan.Intents)).Target);
        Assert.Equal("the payment method selection page", plan.StopWhen);
        Assert.Equal(["place the order"], plan.Forbidden);
    }

    [Fact]
    public void TypeAnUnquotedEmailIntoAFieldOfANamedForm_ButDoNotSend_TypesAndGuards()
    {
        var plan = IntentParser.Parse("Type jane@example.com into the email field of the contact form, but don't send anything yet");

        var type = Assert.IsType<TypeIntent>(Assert.Single(plan.Intents));
        Assert.Equal("jane@example.com", type.Text);
        Assert.Equal("email", type.Field);
        Assert.Equal("contact form", type.Scope);
        Assert.Equal(["send"], plan.Forbidden);
        Assert.Empty(plan.Unrecognized);
    }

    [Fact]
    public void BrandNamedCategory_KeepsTheBrandForTheInterpreterToRead()
    {
        var go = Single<GoToIntent>("Open the H&M men jeans category page");

        Assert.Equal("H&M men jeans", go.Place);
    }

    [Theory]
    [InlineData("price, highest first", "Price: High to Low", "Price: Low to High")]
    [InlineData("price lowest first", "Price: Low to High", "Price: High to Low")]
    [InlineData("newest first", "Newest", "Oldest")]
    [InlineData("most recent", "Latest", "Top")]
    [InlineData("best rated", "Avg. Customer Review", "Featured")]
    public void OptionsByMeaning_TheOptionMeaningTheWordsWins(string words, string right, string wrong)
    {
        Assert.True(Lexicon.OptionScore(words, right) >= 0.75, $"{words} vs {right}: {Lexicon.OptionScore(words, right)}");
        Assert.True(Lexicon.OptionScore(words, right) > Lexicon.OptionScore(words, wrong));
    }

    [Fact]
    public void AFormFromASentence_IsFieldValuePairs_AndTheNewsletterIsABox()
    {
        var plan = IntentParser.Parse("My name is Jane Doe, my email is jane@example.com, topic Returns, message 'Where is my order, please?'. Also sign me up for the newsletter.");

        var fill = Assert.IsType<FillFormIntent>(plan.Intents[0]);
        Assert.Equal([("Name", "Jane Doe"), ("Email", "jane@example.com"), ("Topic", "Returns"), ("Message", "Where is my order, please?")], fill.Pairs);
        Assert.Equal("newsletter", Assert.IsType<CheckIntent>(plan.Intents[1]).Target);
        Assert.Empty(plan.Unrecognized);
    }

    [Fact]
    public void AListThatIsNotFields_IsNotAForm()
    {
        Assert.Null(IntentParser.SentencePairs("search for shoes, size 10"));
    }
    [Theory]
    [InlineData("Show headphones from $25 to $50", 25, 50)]
    [InlineData("Set the price range to $30 - $90", 30, 90)]
    [InlineData("only show items between $50 and $100", 50, 100)]
    [InlineData("Filter the price to under $25", null, 25)]
    [InlineData("Only headphones under $60 please", null, 60)]
    [InlineData("Set the maximum price to $200", null, 200)]
    [InlineData("show me things over $100", 100, null)]
    public void PriceRangesInWords_AreBoundsNotPhrases(string cmd, int? min, int? max) =>
        Assert.Equal(new PriceRange(min, max), Single<PriceRangeIntent>(cmd).Range);

    [Theory]
    [InlineData("Under $25", null, 25)]
    [InlineData("$25 to $50", 25, 50)]
    [InlineData("$100 & Above", 100, null)]
    public void APagesRangeLinks_ReadAsTheSameBounds(string label, int? min, int? max) =>
        Assert.Equal(new PriceRange(min, max), Ranges.Of(label));

    [Fact]
    public void ANumberWithoutACurrency_IsNotAPrice()
    {
        Assert.Null(Ranges.Find("Add 2 to the bag"));
        Assert.Null(Ranges.Find("Cancel order 302"));
    }

    [Fact]
    public void SearchWithAPriceBound_IsASearchThenTheRange()
    {
        var plan = IntentParser.Parse("Search for wireless headphones under $100");
        Assert.Collection(plan.Intents,
            i => Assert.Equal("wireless headphones", Assert.IsType<SearchIntent>(i).Query),
            i => Assert.Equal(new PriceRange(null, 100m), Assert.IsType<PriceRangeIntent>(i).Range));
    }

    [Fact]
    public void AMinimumRatingAndAPriceInOneClause_AreTwoFilters()
    {
        var plan = IntentParser.Parse("Only show headphones with at least 4 stars and under $150");
        Assert.Collection(plan.Intents,
            i => Assert.Equal(4, Assert.IsType<MinRatingIntent>(i).Stars),
            i => Assert.Equal(new PriceRange(null, 150m), Assert.IsType<PriceRangeIntent>(i).Range));
        Assert.Equal(4, Single<MinRatingIntent>("Show 4 stars and up only").Stars);
    }

    [Fact]
    public void ASortThenAnOnlyShowRange_AreTwoClauses()
    {
        var plan = IntentParser.Parse("Sort by price high to low and only show items from $50 to $100");
        Assert.Collection(plan.Intents,
            i => Assert.Equal("price high to low", Assert.IsType<SortIntent>(i).By),
            i => Assert.Equal(new PriceRange(50m, 100m), Assert.IsType<PriceRangeIntent>(i).Range));
    }

    [Theory]
    [InlineData("Can you search for hiking boots?", "hiking boots")]
    [InlineData("search: water bottle", "water bottle")]
    [InlineData("Could you please find a yoga mat for me?", "yoga mat")]
    public void PolitenessAndAColon_AreNotPartOfTheSearch(string cmd, string query) =>
        Assert.Equal(query, Single<SearchIntent>(cmd).Query);

    [Theory]
    [InlineData("Find the Orbit Smart Watch and open its product page")]
    [InlineData("Look for a cutting board and show me the product details")]
    public void ItsProductPageAfterASearch_IsTheFirstResult(string cmd)
    {
        var plan = IntentParser.Parse(cmd);
        Assert.Equal(2, plan.Intents.Count);
        Assert.IsType<SearchIntent>(plan.Intents[0]);
        Assert.Equal(1, Assert.IsType<OpenResultIntent>(plan.Intents[1]).Ordinal);
    }
    [Theory]
    [InlineData("Sort these from most expensive to cheapest", "price high to low")]
    [InlineData("Show the best rated headphones first", "rating")]
    [InlineData("Show me the newest items first", "newest")]
    [InlineData("Sort the feed by newest first", "newest")]
    [InlineData("Show the top posts", "top")]
    [InlineData("Show the most upvoted posts first", "top")]
    [InlineData("Sort the results by price, highest first", "price high to low")]
    public void AnOrderingInOtherWords_IsASortByItsCanonicalKey(string cmd, string key) =>
        Assert.Equal(key, Lexicon.SortKey(Single<SortIntent>(cmd).By));

    [Fact]
    public void UpvoteTheTopPost_IsTheFirstUpvote_NotAPostNamedTop()
    {
        var click = Single<ClickIntent>("upvote the top post");
        Assert.Equal(("Upvote", 1, (string?)null), (click.Target, click.Ordinal, click.Scope));
        Assert.NotNull(Single<ClickIntent>("Upvote Raj's post about the conference").Scope);
    }

    [Theory]
    [InlineData("Enable maintenance mode, then save")]
    [InlineData("Set the time zone to Asia/Tokyo and save")]
    public void ThenSave_IsTheFormsSubmit(string cmd) =>
        Assert.IsType<SubmitIntent>(IntentParser.Parse(cmd).Intents[^1]);
    [Fact]
    public void SetTheFieldToAValue_ChoosesThatOptionInThatControl()
    {
        var plan = IntentParser.Parse("Set the time zone to Asia/Tokyo and save");
        var select = Assert.IsType<SelectIntent>(plan.Intents[0]);
        Assert.Equal(("Asia/Tokyo", "time zone"), (select.Option, select.Field));
    }
    [Theory]
    [InlineData("Mark order 304 as shipped", "Mark shipped", "304")]
    [InlineData("Look at order 302", "View order", "302")]
    [InlineData("Remove Liam Walsh from the users list", "Remove", "Liam Walsh")]
    [InlineData("Get rid of Daniel Okafor's account", "Remove", "Daniel Okafor")] // "get rid of" is read as "remove" (Lexicon.CanonicalVerbs)
    [InlineData("Bookmark Maya Levi's post", "Bookmark", "Maya Levi")]
    public void ARecordNamedByItsIdOrPerson_ScopesTheVerbsControlToItsRow(string cmd, string target, string scope)
    {
        var click = Single<ClickIntent>(cmd);
        Assert.Equal((target, scope), (click.Target, click.Scope));
    }

    [Fact]
    public void ViewTheLastOrder_IsTheLastViewControl() =>
        Assert.Equal(("View", (int?)-1), (Single<ClickIntent>("View the last order").Target, Single<ClickIntent>("View the last order").Ordinal));

    [Fact]
    public void ShowMeThePlace_GoesThere() => Assert.Equal("orders", Single<GoToIntent>("Show me the orders").Place, ignoreCase: true);

    [Fact]
    public void ExpandAQuotedQuestion_ClicksIt() =>
        Assert.Equal("How do I track my order?", Single<ClickIntent>("Expand 'How do I track my order?'").Target);

    [Fact]
    public void ApplyThePromoCode_TypesTheCodeThenAppliesIt()
    {
        var plan = IntentParser.Parse("Apply the promo code SAVE10");
        Assert.Collection(plan.Intents,
            i => Assert.Equal(("SAVE10", "promo code"), (Assert.IsType<TypeIntent>(i).Text, Assert.IsType<TypeIntent>(i).Field)),
            i => Assert.Equal("Apply", Assert.IsType<ClickIntent>(i).Target));
    }

    [Theory]
    [InlineData("Deactivate", "Suspend user")]
    [InlineData("Get rid of", "Delete user")]
    public void VerbsForTheSameAction_AreSynonyms(string words, string control) =>
        Assert.True(Lexicon.Synonyms(words, control.Split(' ')[0]));
}
