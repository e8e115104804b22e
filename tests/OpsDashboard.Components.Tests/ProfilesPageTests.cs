using Bunit;
using MudBlazor;
using OpsDashboard.Web.Components.Dialogs;
using OpsDashboard.Web.Components.Pages;
using OpsDashboard.Web.Dashboard;

namespace OpsDashboard.Components.Tests;

/// <summary>The Profiles page, the new-session dialog's profile choice, and the session page's profile.</summary>
public class ProfilesPageTests : DashboardTestContext
{
    [Fact]
    public void ProfilesPage_ListsOriginsSizeLastSavedAndHolder()
    {
        Client.AddProfile("shop-demo", origins: ["http://shop.test"], size: 4096);
        Client.AddProfile("held", holder: "sess_holder", origins: ["http://a.test", "http://b.test"]);

        var cut = Render<Profiles>();

        cut.WaitForAssertion(() => Assert.Contains("shop-demo", cut.Find("[data-testid=profiles-table]").TextContent));
        Assert.Contains("http://shop.test", cut.Find("[data-testid=profile-origins-shop-demo]").TextContent);
        Assert.Contains("4 KiB", cut.Find("[data-testid=profile-size-shop-demo]").TextContent);
        Assert.Contains("sess_from", cut.Find("[data-testid=profiles-table]").TextContent);
        Assert.Contains("sess_holder", cut.Find("[data-testid=profile-holder-held]").TextContent);
        Assert.Contains("http://b.test", cut.Find("[data-testid=profile-origins-held]").TextContent);
        // A held profile cannot be deleted: its session would write it again.
        Assert.True(cut.Find("[data-testid=delete-profile-held]").HasAttribute("disabled"));
    }

    [Fact]
    public void ProfilesPage_Delete_AsksFirst_ThenDeletes()
    {
        Client.AddProfile("old", origins: ["http://shop.test"]);
        var provider = Render<MudDialogProvider>();
        var cut = Render<Profiles>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=delete-profile-old]")));

        cut.Find("[data-testid=delete-profile-old]").Click();
        provider.WaitForAssertion(() => Assert.NotEmpty(provider.FindAll("[data-testid=confirm-ok]")));
        provider.Find("[data-testid=confirm-ok]").Click();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=profiles-empty]")));
        Assert.Empty(Client.Profiles);
    }

    [Fact]
    public async Task NewSessionDialog_OffersTheTenantsProfiles_AndSendsTheChosenOneWithPersist()
    {
        Client.AddProfile("shop-demo", origins: ["http://shop.test"]);
        Client.AddProfile("elsewhere", tenant: "acme");
        var popovers = Render<MudPopoverProvider>();
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetService(typeof(IDialogService)) as IDialogService;
        await provider.InvokeAsync(() => dialogs!.ShowAsync<NewSessionDialog>("New session", new DialogParameters<NewSessionDialog>
        {
            { d => d.Tenants, ["default", "acme"] },
            { d => d.DefaultUrl, "http://shop.test/" },
            { d => d.Profiles, Client.Profiles.ToList() },
        }));
        provider.WaitForAssertion(() => Assert.NotEmpty(provider.FindAll("[data-testid=new-session-create]")));
        var dialog = provider.FindComponent<NewSessionDialog>();
        // Without a profile, persist is not offered.
        Assert.True(provider.Find("input[data-testid=new-session-persist]").HasAttribute("disabled"));

        // The second select of the dialog (tenant, then profile) opens on mouse-down of its input control.
        provider.FindAll("div.mud-input-control.mud-select")[1].MouseDown();
        popovers.WaitForAssertion(() => Assert.Contains("shop-demo", popovers.Markup));
        Assert.DoesNotContain("elsewhere", popovers.Markup);
        popovers.FindAll(".mud-list-item").First(e => e.TextContent.Contains("shop-demo")).Click();
        provider.WaitForAssertion(() => Assert.False(provider.Find("input[data-testid=new-session-persist]").HasAttribute("disabled")));
        provider.Find("input[data-testid=new-session-persist]").Change(true);
        provider.Find("[data-testid=new-session-create]").Click();

        provider.WaitForAssertion(() => Assert.Single(Client.CreateCalls));
        Assert.True(Client.CreateCalls.TryPeek(out var model));
        Assert.Equal("shop-demo", model!.Profile);
        Assert.True(model.Persist);
        Assert.NotNull(dialog);
    }

    [Fact]
    public void SessionPage_ShowsItsProfile_AndSavesToOne()
    {
        Client.AddSession("sess_p", steps: 1);
        Client.SessionProfiles["sess_p"] = new SessionProfileView("prof_shop", "shop-demo", Persist: true);

        var cut = Render<SessionDetail>(p => p.Add(c => c.SessionId, "sess_p"));

        cut.WaitForAssertion(() => Assert.Contains("shop-demo", cut.Find("[data-testid=session-profile]").TextContent));
        Assert.Contains("saved back at the end", cut.Find("[data-testid=session-profile]").TextContent);
        cut.Find("#save-profile-name").Input("snapshot-1");
        cut.Find("[data-testid=save-profile]").Click();
        cut.WaitForAssertion(() => Assert.Single(Client.ProfileSaves));
        Assert.True(Client.ProfileSaves.TryPeek(out var save));
        Assert.Equal(("default", "sess_p", "snapshot-1"), save);
    }
}
