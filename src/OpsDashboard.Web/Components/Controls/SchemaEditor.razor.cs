using BlazorMonaco.Editor;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using OpsDashboard.Web.Dashboard;

namespace OpsDashboard.Web.Components.Controls;

/// <summary>
/// The retrieve schema editor: Monaco (from the BlazorMonaco package's own static assets, so it
/// works offline) with JSON highlighting and Monaco's JSON diagnostics, plus our check of the shape
/// retrieve takes, run on every change. Starter templates, and a schema built from field names.
/// "Plain text" swaps in a textarea (and is what tests drive, as they have no browser). Monaco's
/// scripts are loaded when the first editor renders, not with every dashboard page; its theme
/// follows the dashboard's light/dark switch. BlazorMonaco's component does not dispose its
/// editor in the browser when it goes, so this control does (on "Plain text" and on disposal):
/// otherwise every session page visited leaves a live Monaco editor behind.
/// </summary>
public partial class SchemaEditor : IAsyncDisposable
{
    private enum CodeEditorState { Loading, Ready, Failed }

    private CodeEditorState _codeEditor = CodeEditorState.Loading;
    private string? _loadError;
    /// <summary>The theme last sent to Monaco (or built into the editor): what a live editor shows once the call lands.</summary>
    private bool _themeDark = true;

    private readonly string _editorId = "schema-editor-" + Guid.NewGuid().ToString("N")[..8];
    private StandaloneCodeEditor? _editor;
    private SchemaCheck _check = SchemaCheck.Fail("The schema is empty: pick a template or build one from field names.");
    private string? _fieldNames;
    private bool _plain;

    [Parameter]
    public string Value { get; set; } = "";

    [Parameter]
    public EventCallback<string> ValueChanged { get; set; }

    /// <summary>Tells the owner whether the schema can be sent.</summary>
    [Parameter]
    public EventCallback<SchemaCheck> CheckChanged { get; set; }

    /// <summary>"Detect": when set, a button that asks for a proposed schema and puts it in the editor (null: nothing proposed).</summary>
    [Parameter]
    public Func<Task<string?>>? Detect { get; set; }

    /// <summary>Why Detect cannot run now (shown on the button), or null.</summary>
    [Parameter]
    public string? DetectDisabledReason { get; set; }

    /// <summary>Monaco when true (the app); the plain textarea when false.</summary>
    [Parameter]
    public bool UseCodeEditor { get; set; } = true;

    /// <summary>The dashboard's theme (cascaded by the layout); dark when there is no layout.</summary>
    [CascadingParameter(Name = "DarkMode")]
    public bool DarkMode { get; set; } = true;

    [Inject]
    private IJSRuntime JS { get; set; } = null!;

    public SchemaCheck Check => _check;

    private string MonacoTheme => DarkMode ? "vs-dark" : "vs";

    protected override async Task OnParametersSetAsync()
    {
        _check = SchemaTools.Validate(Value);
        await FollowThemeAsync();
    }

    /// <summary>
    /// Monaco's theme follows the switch (it is global to the page: every editor follows). What was
    /// sent is noted before the call goes out: a second switch made while the first call is on its
    /// way sees the first as done and sends its own, instead of taking the stale note as the shown theme.
    /// </summary>
    private async Task FollowThemeAsync()
    {
        if (_editor is null)
        {
            // A new editor is built with the current theme (EditorOptions).
            _themeDark = DarkMode;
            return;
        }
        while (_themeDark != DarkMode && _editor is not null)
        {
            _themeDark = DarkMode;
            try
            {
                await JS.InvokeVoidAsync("monaco.editor.setTheme", MonacoTheme);
            }
            catch (JSException)
            {
                // The code editor failed (its error boundary shows the plain editor): no theme to follow.
                _editor = null;
            }
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || !UseCodeEditor)
        {
            return;
        }
        try
        {
            await JS.InvokeVoidAsync("opsDash.loadMonaco");
            _codeEditor = CodeEditorState.Ready;
        }
        catch (JSException ex)
        {
            _codeEditor = CodeEditorState.Failed;
            _loadError = $"The code editor could not be loaded ({ex.Message.Split('\n')[0]}); edit the schema as plain text. Reloading the page tries again.";
        }
        catch (TaskCanceledException)
        {
            // The interop call's time ran out (Monaco's 750 KiB came too slowly): an exception left to
            // escape here would end the whole circuit; the plain editor works without it.
            _codeEditor = CodeEditorState.Failed;
            _loadError = "The code editor took too long to load; edit the schema as plain text. Reloading the page tries again.";
        }
        catch (JSDisconnectedException)
        {
            return;
        }
        StateHasChanged();
    }

    private StandaloneEditorConstructionOptions EditorOptions(StandaloneCodeEditor editor) => new()
    {
        Language = "json",
        Value = Value,
        Theme = MonacoTheme,
        AutomaticLayout = true,
        Minimap = new EditorMinimapOptions { Enabled = false },
        ScrollBeyondLastLine = false,
        TabSize = 2,
        FontSize = 13,
    };

    private async Task OnEditorReadyAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("opsDash.releaseTab", _editorId);
        }
        catch (JSDisconnectedException)
        {
        }
    }

    private async Task OnEditorChangedAsync(ModelContentChangedEvent e)
    {
        if (_editor is not null)
        {
            await ApplyAsync(await _editor.GetValue() ?? "");
        }
    }

    private Task OnTextChangedAsync(string? text) => ApplyAsync(text ?? "");

    private async Task SetTextAsync(string text)
    {
        await ApplyAsync(text);
        if (_editor is not null && UseCodeEditor && !_plain)
        {
            try
            {
                await _editor.SetValue(text);
            }
            catch (JSException)
            {
                // The code editor failed (its error boundary shows the plain editor, which has the text).
                _editor = null;
            }
        }
    }

    private async Task DetectAsync()
    {
        if (Detect is not null && await Detect() is { } proposed)
        {
            await SetTextAsync(proposed);
        }
    }

    private Task BuildFromFieldsAsync() => SetTextAsync(SchemaTools.BuildFromFields(_fieldNames ?? ""));

    private async Task SetPlainAsync(bool plain)
    {
        if (!plain)
        {
            _editor = null;
        }
        else if (_editor is not null)
        {
            Value = await _editor.GetValue() ?? Value;
            await DisposeEditorAsync();
        }
        _plain = plain;
    }

    private async Task DisposeEditorAsync()
    {
        var editor = _editor;
        _editor = null;
        if (editor is null)
        {
            return;
        }
        try
        {
            await editor.DisposeEditor();
        }
        catch (JSDisconnectedException)
        {
            // The tab is gone, and its editors with it.
        }
        catch (JSException)
        {
            // Already gone in the browser.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DisposeEditorAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>What went wrong, in one line: the first inner error of an aggregate (as a failed render hands it over).</summary>
    private static string FirstLine(Exception error)
    {
        var inner = error is AggregateException a ? a.Flatten().InnerExceptions.FirstOrDefault() ?? error : error;
        return inner.Message.Split('\n')[0];
    }

    private async Task ApplyAsync(string text)
    {
        Value = text;
        _check = SchemaTools.Validate(text);
        await ValueChanged.InvokeAsync(text);
        await CheckChanged.InvokeAsync(_check);
    }
}
