using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using OpsDashboard.Web.Components.Dialogs;
using OpsDashboard.Web.Dashboard;

namespace OpsDashboard.Web.Components.Pages;

/// <summary>API keys per tenant: create (shown once, stored hashed) and revoke.</summary>
public partial class Keys
{
    private IReadOnlyList<ApiKeyView> _keys = [];
    private IReadOnlyList<string> _tenants = [];
    private string? _tenant = "default";
    private string? _label;
    private bool _loading = true;
    private bool _busy;

    [Inject]
    private IDashboardClient Client { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private bool TenantValid => _tenant is { Length: > 0 and <= 64 } t && TenantPattern().IsMatch(t);

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        _keys = await Client.ListKeysAsync(CancellationToken.None);
        _tenants = await Client.GetTenantsAsync(CancellationToken.None);
        _loading = false;
    }

    private async Task CreateAsync()
    {
        if (!TenantValid)
        {
            return;
        }
        _busy = true;
        try
        {
            var tenant = _tenant!.Trim();
            var key = await Client.CreateKeyAsync(tenant, string.IsNullOrWhiteSpace(_label) ? "created in the dashboard" : _label.Trim(), CancellationToken.None);
            _label = null;
            await LoadAsync();
            await Dialogs.ShowAsync<KeyCreatedDialog>("New API key", new DialogParameters<KeyCreatedDialog>
            {
                { d => d.Key, key },
                { d => d.TenantId, tenant },
            }, new DialogOptions { MaxWidth = MaxWidth.Medium, BackdropClick = false });
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RevokeAsync(ApiKeyView key)
    {
        if (!await ConfirmDialog.AskAsync(Dialogs, "Revoke key", $"Revoke key {key.Prefix}… of tenant {key.TenantId}? Callers using it get 401 from now on.", "Revoke"))
        {
            return;
        }
        _busy = true;
        try
        {
            if (await Client.RevokeKeyAsync(key.Id, CancellationToken.None))
            {
                Snackbar.Add($"Key {key.Prefix}… revoked.", Severity.Success);
            }
            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex TenantPattern();
}
