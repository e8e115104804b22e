using Microsoft.AspNetCore.Components;
using MudBlazor;
using OpsDashboard.Core.Api;
using OpsDashboard.Web.Dashboard;
using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Web.Components.Dialogs;

/// <summary>Opens a session for a chosen tenant through the session service; closes with the outcome.</summary>
public partial class NewSessionDialog
{
    private NewSessionModel _model = new();
    private bool _creating;
    private string? _error;

    [CascadingParameter]
    private IMudDialogInstance MudDialog { get; set; } = default!;

    [Inject]
    private IDashboardClient Client { get; set; } = default!;

    [Parameter]
    public IReadOnlyList<string> Tenants { get; set; } = ["default"];

    [Parameter]
    public string DefaultUrl { get; set; } = "";

    /// <summary>Saved profiles of every tenant; the list offers those of the chosen tenant.</summary>
    [Parameter]
    public IReadOnlyList<OpsDashboard.Web.Profiles.ProfileView> Profiles { get; set; } = [];

    protected override void OnInitialized() =>
        _model = new NewSessionModel { TenantId = Tenants.FirstOrDefault() ?? "default", Url = DefaultUrl };

    private void Cancel() => MudDialog.Cancel();

    private async Task CreateAsync()
    {
        _creating = true;
        _error = null;
        try
        {
            var outcome = await Client.CreateSessionAsync(_model, CancellationToken.None);
            MudDialog.Close(DialogResult.Ok(outcome));
        }
        catch (ApiProblem p)
        {
            _error = p.Message;
        }
        catch (RequestValidationException v)
        {
            _error = v.Message;
        }
        finally
        {
            _creating = false;
        }
    }
}
