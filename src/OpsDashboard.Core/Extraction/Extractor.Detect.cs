namespace OpsDashboard.Core.Extraction;

// What SchemaDetector needs of the extractor: the structure a generic retrieve would pick, by the same candidates and scoring.
public sealed partial class Extractor
{
    internal static Candidate? BestCandidate(HtmlPage page, RecordMapper mapper)
    {
        var model = SchemaModel.Parse(RetrieveSchema.Default);
        var bodyText = Math.Max(1, HtmlPage.Text(page.Body).Length);
        Candidate? best = null;
        foreach (var candidate in FindCandidates(page))
        {
            Score(candidate, model, mapper, includeSponsored: false, HintLandmarks(null), HintWords(null), bodyText);
            if (candidate.Score > 0 && (best is null || candidate.Score > best.Score))
            {
                best = candidate;
            }
        }
        return best;
    }

    internal static string DescribeCandidate(Candidate c) => DescribeForMessage(c);
}
