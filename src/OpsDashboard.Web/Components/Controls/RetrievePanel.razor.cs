using System.Text.Json;
using Microsoft.AspNetCore.Components;
using OpsDashboard.Web.Dashboard;
using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Web.Components.Controls;

/// <summary>Retrieve on a session's live page with a schema; the rows as a grid and raw JSON, and as CSV from the stored record.</summary>
public partial class RetrievePanel
{
    private const int MaxGridRows = 500;
    private string _schema = SchemaTools.Templates["Product list"];
    private SchemaCheck _check = SchemaTools.Validate(SchemaTools.Templates["Product list"]);
    private int _maxItems = 100;
    private int _maxPages = 1;
    private bool _wide;
    private bool _detecting;
    private string? _detectMessage;
    private bool _detectFailed;
    private bool _renderJs;
    private bool _scrollToBottom;
    private bool _running;
    private string? _error;
    private RetrieveResult? _result;

    [Inject]
    private IDashboardClient Client { get; set; } = default!;

    [Parameter, EditorRequired]
    public string SessionId { get; set; } = "";

    [Parameter, EditorRequired]
    public string TenantId { get; set; } = "";

    [Parameter]
    public bool Live { get; set; } = true;

    /// <summary>A step is running: retrieve would be refused (409), so wait.</summary>
    [Parameter]
    public bool Busy { get; set; }

    [Parameter]
    public IReadOnlyList<RetrievalView>? Retrievals { get; set; }

    [Parameter]
    public EventCallback<RetrieveResult> OnRetrieved { get; set; }

    [Parameter]
    public bool UseCodeEditor { get; set; } = true;

    private bool CanRun => Live && !Busy && !_running && _check.IsValid;

    private async Task RunAsync()
    {
        if (!CanRun)
        {
            return;
        }
        _running = true;
        _error = null;
        try
        {
            _result = await Client.RetrieveAsync(TenantId, SessionId, new RetrieveModel(_schema, _maxItems, _renderJs, _scrollToBottom, MaxPages: _maxPages), CancellationToken.None);
            await OnRetrieved.InvokeAsync(_result);
        }
        catch (ApiProblem p)
        {
            _error = p.Message;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _error = "The retrieve failed: " + ex.Message;
        }
        finally
        {
            _running = false;
        }
    }

    private string? DetectDisabledReason => !Live ? "The session has ended" : Busy || _running || _detecting ? "Wait for the running step" : null;

    /// <summary>"Detect": a schema proposed from the page's best structure, put in the editor to edit (null leaves the editor as it is).</summary>
    private async Task<string?> DetectAsync()
    {
        if (DetectDisabledReason is not null)
        {
            return null;
        }
        _detecting = true;
        _detectMessage = null;
        try
        {
            var proposal = await Client.DetectSchemaAsync(TenantId, SessionId, _renderJs, CancellationToken.None);
            _detectMessage = proposal.Message;
            _detectFailed = proposal.SchemaJson is null;
            return proposal.SchemaJson;
        }
        catch (ApiProblem p)
        {
            (_detectMessage, _detectFailed) = (p.Message, true);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            (_detectMessage, _detectFailed) = ("Detect failed: " + ex.Message, true);
            return null;
        }
        finally
        {
            _detecting = false;
            StateHasChanged(); // the click was the editor's: without this the panel would not show the message when nothing is proposed
        }
    }

    private string CsvHref(long retrievalId) => $"api/sessions/{Uri.EscapeDataString(SessionId)}/retrievals/{retrievalId}.csv";

    private string CsvName(long retrievalId) => $"{SessionId}-retrieve-{retrievalId}.csv";

    private static string Cell(Dictionary<string, object?> row, string column) => row.GetValueOrDefault(column) switch
    {
        null => "",
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString() ?? "",
        JsonElement e => e.GetRawText(),
        var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
