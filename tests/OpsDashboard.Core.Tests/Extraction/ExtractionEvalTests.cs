using System.Globalization;
using OpsDashboard.Core.Extraction;
using OpsDashboard.ExtractEval;

namespace OpsDashboard.Core.Tests.Extraction;

/// <summary>
/// The tuning half of the extraction evaluation (bench/ExtractEval/Pages/tuning): pages modelled
/// on real sites' markup, each in the JSON-Schema and the <c>fields</c> form. The held-out half is
/// scored only by <c>dotnet run --project bench/ExtractEval</c> (docs/extraction-eval.md).
/// </summary>
public class ExtractionEvalTests
{
    private static readonly Lazy<List<EvalPage>> Pages = new(() =>
        EvalPage.LoadAll(Path.Combine(AppContext.BaseDirectory, "EvalPages", "tuning"), "tuning"));

    public static TheoryData<string> PageNames()
    {
        var data = new TheoryData<string>();
        foreach (var page in Pages.Value)
        {
            data.Add(page.Name);
        }
        return data;
    }

    [Fact]
    public void TuningHalf_HasAtLeastTwelvePages()
    {
        Assert.True(Pages.Value.Count >= 12, $"found {Pages.Value.Count} pages in {AppContext.BaseDirectory}EvalPages/tuning");
    }

    [Theory]
    [MemberData(nameof(PageNames))]
    public void TuningPage_BothForms_FindTheRowsAndTheirValues(string name)
    {
        var page = Pages.Value.Single(p => p.Name == name);
        var extractor = new Extractor();
        foreach (var form in new[] { EvalScorer.SchemaForm, EvalScorer.FieldsForm })
        {
            var score = EvalScorer.Run(page, form, extractor);
            Assert.True(score.F1 >= 0.8 && score.FieldAccuracy >= 0.8,
                string.Create(CultureInfo.InvariantCulture, $"{name} ({form}): f1 {score.F1:0.00}, field accuracy {score.FieldAccuracy:0.00}. {score.Message}\n  ") + string.Join("\n  ", score.Misses));
        }
    }

    [Fact]
    public void TuningHalf_MeanF1AndFieldAccuracyAtTarget()
    {
        var extractor = new Extractor();
        var scores = Pages.Value.SelectMany(p => new[] { EvalScorer.Run(p, EvalScorer.SchemaForm, extractor), EvalScorer.Run(p, EvalScorer.FieldsForm, extractor) }).ToList();
        var (f1, accuracy, _, _) = EvalScorer.Summary(scores);
        Assert.True(f1 >= 0.95 && accuracy >= 0.95, string.Create(CultureInfo.InvariantCulture, $"mean f1 {f1:0.000}, field accuracy {accuracy:0.000}"));
    }

    [Fact]
    public void Scorer_ComparesLikeAPerson()
    {
        Assert.True(EvalScorer.Same(System.Text.Json.Nodes.JsonValue.Create(97.5), System.Text.Json.Nodes.JsonValue.Create("$97.50")));
        Assert.True(EvalScorer.Same(System.Text.Json.Nodes.JsonValue.Create("2026-12-01"), System.Text.Json.Nodes.JsonValue.Create("2026-12-01T09:00:00Z")));
        Assert.True(EvalScorer.Same(null, null));
        Assert.False(EvalScorer.Same(System.Text.Json.Nodes.JsonValue.Create("Healthy"), System.Text.Json.Nodes.JsonValue.Create("●")));
        Assert.False(EvalScorer.Same(System.Text.Json.Nodes.JsonValue.Create(130), System.Text.Json.Nodes.JsonValue.Create(97.5)));
        Assert.False(EvalScorer.Same(null, System.Text.Json.Nodes.JsonValue.Create("—x")));
    }
}
