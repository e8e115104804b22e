using BlazorMonaco.Editor;
using Microsoft.AspNetCore.Components;
using OpsDashboard.Web.Dashboard;

namespace OpsDashboard.Web.Components.Controls;

/// <summary>
/// The retrieve schema editor: Monaco (from the BlazorMonaco package's own static assets, so it
/// works offline) with JSON highlighting and Monaco's JSON diagnostics, plus our check of the shape
/// retrieve takes, run on every change. Starter templates, and a schema built from field names.
/// "Plain text" swaps in a textarea (and is what tests drive, as they have no browser).
/// </summary>
public partial class SchemaEditor
{
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

    /// <summary>Monaco when true (the app); the plain textarea when false.</summary>
    [Parameter]
    public bool UseCodeEditor { get; set; } = true;

    public SchemaCheck Check => _check;

    protected override void OnParametersSet() => _check = SchemaTools.Validate(Value);

    private StandaloneEditorConstructionOptions EditorOptions(StandaloneCodeEditor editor) => new()
    {
        Language = "json",
        Value = Value,
        Theme = "vs-dark",
        AutomaticLayout = true,
        Minimap = new EditorMinimapOptions { Enabled = false },
        ScrollBeyondLastLine = false,
        TabSize = 2,
        FontSize = 13,
    };

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
            await _editor.SetValue(text);
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
        }
        _plain = plain;
    }

    private async Task ApplyAsync(string text)
    {
        Value = text;
        _check = SchemaTools.Validate(text);
        await ValueChanged.InvokeAsync(text);
        await CheckChanged.InvokeAsync(_check);
    }
}
