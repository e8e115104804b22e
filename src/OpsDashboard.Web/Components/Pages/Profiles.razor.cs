using Microsoft.AspNetCore.Components;
using MudBlazor;
using OpsDashboard.Web.Components.Dialogs;
using OpsDashboard.Web.Dashboard;
using OpsDashboard.Web.Profiles;
using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Web.Components.Pages;

/// <summary>Every tenant's saved browser profiles: origins, size, last saved, holder; delete one nobody holds.</summary>
public partial class Profiles
{
    private IReadOnlyList<ProfileView> _profiles = [];
    private bool _loading = true;
    private bool _busy;

    [Inject]
    private IDashboardClient Client { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        _profiles = await Client.ListProfilesAsync(CancellationToken.None);
        _loading = false;
    }

    private async Task DeleteAsync(ProfileView profile)
    {
        if (!await ConfirmDialog.AskAsync(Dialogs, "Delete profile",
                $"Delete profile '{profile.Name}' of tenant {profile.TenantId}? Its saved cookies, localStorage and IndexedDB are gone for good.", "Delete"))
        {
            return;
        }
        _busy = true;
        try
        {
            await Client.DeleteProfileAsync(profile.TenantId, profile.Id, CancellationToken.None);
            Snackbar.Add($"Profile '{profile.Name}' deleted.", Severity.Success);
            await LoadAsync();
        }
        catch (ApiProblem p)
        {
            Snackbar.Add(p.Message, Severity.Error);
        }
        finally
        {
            _busy = false;
        }
    }
}
