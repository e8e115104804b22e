using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Json.Schema;
using OpsDashboard.Core.Api;

namespace OpsDashboard.Core.Extraction;

/// <summary>
/// Finds the page's main list of records (MDR/DEPTA-style repeated sibling structures, tables,
/// lists, card grids, dl runs), maps the schema's properties to values inside each record,
/// parses them to the schema's types and keeps the rows that validate. Stateless and thread-safe.
/// </summary>
public sealed partial class Extractor
{
    private const double SimilarityThreshold = 0.55;
    private const int MinRecords = 3;
    private const int ScoringSample = 20;
    private const int MaxClustersPerParent = 64;
    private const int MaxJoinedGroups = 24;

    private static readonly HashSet<string> NotRecordTags = new(StringComparer.Ordinal)
    {
        "br", "hr", "wbr", "script", "style", "template", "link", "meta", "source", "track", "param", "col", "colgroup", "caption",
    };

    private static readonly HashSet<string> NotListContainers = new(StringComparer.Ordinal)
    {
        "table", "thead", "tbody", "tfoot", "tr", "dl", "select", "optgroup", "datalist", "colgroup", "svg", "math", "picture", "head", "p", "h1", "h2", "h3", "h4", "h5", "h6",
    };

    /// <summary>
    /// Extracts the rows. The schema (or <c>Fields</c>, or title + url) is checked first: a schema
    /// that <see cref="RetrieveSchema.Check"/> rejects throws <see cref="RequestValidationException"/>.
    /// </summary>
    public ExtractionResult Extract(ExtractionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.PageUrl);
        var schema = request.Schema ?? (request.Fields is { Count: > 0 } fields ? RetrieveSchema.FromFields(fields) : RetrieveSchema.Default);
        var problems = RetrieveSchema.Check(schema);
        if (problems.Count > 0)
        {
            throw new RequestValidationException(problems);
        }
        var model = SchemaModel.Parse(schema);
        var columns = CsvExport.ColumnsFor(schema);
        var maxItems = Math.Max(0, request.MaxItems);
        var includeSponsored = request.IncludeSponsored || HintWantsSponsored(request.Hint);
        var allowedLandmarks = HintLandmarks(request.Hint);
        var hintWords = HintWords(request.Hint);

        var page = HtmlPage.Load(request.Html ?? "", request.PageUrl);
        var mapper = new RecordMapper(page);
        var candidates = FindCandidates(page);
        var bodyText = Math.Max(1, HtmlPage.Text(page.Body).Length);

        Candidate? best = null;
        foreach (var candidate in candidates)
        {
            Score(candidate, model, mapper, includeSponsored, allowedLandmarks, hintWords, bodyText);
            if (candidate.Score > 0 && (best is null || candidate.Score > best.Score))
            {
                best = candidate;
            }
        }
        List<string> alternatives = [.. candidates.Where(c => c.Score > 0).OrderByDescending(c => c.Score).Take(5)
            .Select(c => string.Create(CultureInfo.InvariantCulture, $"{Describe(c, c.Eligible.Count)}: score {c.Score:0.00}, schema filled {c.Fill:P0}"))];
        // What the page says about itself (JSON-LD, microdata, RDFa): matched to the structure's
        // records to fill what they lack, or, when no structure carries them, the records themselves.
        var structuredItems = StructuredData.ReadList(page);
        var structuredMapper = new StructuredMapper(page, mapper);
        var sources = new List<(Record? Record, StructuredItem? Item)>();
        var structuredOnly = false;
        if (best is not null)
        {
            var used = new HashSet<StructuredItem>();
            foreach (var record in best.Eligible)
            {
                var item = structuredItems.Count > 0 ? StructuredMapper.MatchRecord(record, structuredItems, used, page) : null;
                if (item is not null)
                {
                    used.Add(item);
                }
                sources.Add((record, item));
            }
            if (structuredItems.Count >= 2 && used.Count == 0 && StructuredFill(structuredItems, structuredMapper, model) > best.Fill)
            {
                structuredOnly = true;
            }
        }
        else if (structuredItems.Count >= 2)
        {
            structuredOnly = true;
        }
        else
        {
            return new ExtractionResult([], 0, 0, 0, columns,
                "Found no repeated items (a list, a table or a card grid) on the page; returned 0. If the page builds its content with scripts, retry with render_js: true.",
                "no repeated structure") { Alternatives = alternatives };
        }
        if (structuredOnly)
        {
            sources = [.. structuredItems.Select(i => ((Record?)null, (StructuredItem?)i))];
        }

        var sponsoredSkipped = structuredOnly || best is null ? 0 : best.Records.Count - best.Eligible.Count;
        var validator = JsonSchema.Build(schema, new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = Dialect.Draft202012 });
        var rows = new List<JsonObject>();
        var dropped = 0;
        var reasons = new Dictionary<string, (int Count, string? Example)>(StringComparer.Ordinal);
        var reasonOrder = new List<string>();
        var filledFromStructured = new HashSet<string>(StringComparer.Ordinal);
        var typedProperties = model.Properties.Where(PrefersStructured).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var mapped = new List<JsonObject>(sources.Count);
        var captioned = new List<HashSet<string>>(sources.Count);
        var labelledIn = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (record, _) in sources)
        {
            mapped.Add(record is null ? new JsonObject() : mapper.Map(record, model.Properties, out _, out _));
            captioned.Add(record is null ? [] : [.. mapper.LastCaptioned]);
            foreach (var name in record is null ? [] : mapper.LastLabelled)
            {
                labelledIn[name] = labelledIn.GetValueOrDefault(name) + 1;
            }
        }
        // A property the list's other items show under a label (a dt "Battery Life", a "SKU:" line) is missing from an
        // item without that label: an unlabelled caption of that item ("Not yet reviewed") is not its value.
        // Such an item is mapped again with no caption for it, so the next caption goes where it belongs.
        for (var r = 0; r < mapped.Count; r++)
        {
            var labelledElsewhere = captioned[r].Where(name => labelledIn.GetValueOrDefault(name) is var n && n >= 1 && n * 2 >= mapped.Count - 1).ToList();
            if (labelledElsewhere.Count > 0 && sources[r].Record is { } again)
            {
                mapper.NoCaptionFor.UnionWith(labelledElsewhere);
                mapped[r] = mapper.Map(again, model.Properties, out _, out _);
                mapper.NoCaptionFor.Clear();
            }
        }
        for (var index = 0; index < sources.Count; index++)
        {
            var (_, item) = sources[index];
            var row = mapped[index];
            if (item is not null)
            {
                foreach (var (key, value) in structuredMapper.Map(item, model.Properties))
                {
                    if (value is not null && (!row.ContainsKey(key) || typedProperties.Contains(key)))
                    {
                        if (!row.ContainsKey(key) || !JsonNode.DeepEquals(row[key], value))
                        {
                            filledFromStructured.Add(key);
                        }
                        row[key] = value.DeepClone();
                    }
                }
                row = Reorder(row, model.Properties);
            }
            var failures = Validate(validator, row, model);
            if (failures.Count > 0)
            {
                dropped++;
                foreach (var (reason, example) in failures)
                {
                    if (!reasons.TryGetValue(reason, out var seen))
                    {
                        reasonOrder.Add(reason);
                        seen = (0, example);
                    }
                    reasons[reason] = (seen.Count + 1, seen.Example ?? example);
                }
                continue;
            }
            if (rows.Count < maxItems)
            {
                rows.Add(row);
            }
        }

        var found = sources.Count;
        var structuredSource = structuredItems.Count > 0 ? $"{structuredItems[0].Type} items in the page's {structuredItems[0].Source}" : "";
        var structure = structuredOnly ? $"{found} {structuredSource}" : Describe(best!, found);
        var message = new StringBuilder();
        message.Append(CultureInfo.InvariantCulture, $"Found {found} {(found == 1 ? "item" : "items")} ({(structuredOnly ? structuredSource : DescribeForMessage(best!))}); returned {rows.Count}");
        if (found - dropped > rows.Count)
        {
            message.Append(CultureInfo.InvariantCulture, $" (max_items {maxItems})");
        }
        if (dropped > 0)
        {
            message.Append(CultureInfo.InvariantCulture, $"; left out {dropped} that failed the schema: ");
            message.Append(string.Join("; ", reasonOrder.Select(r => $"{r} in {reasons[r].Count}{(reasons[r].Example is { } ex ? $" (e.g. \"{ex}\")" : "")}")));
        }
        message.Append('.');
        if (!structuredOnly && filledFromStructured.Count > 0)
        {
            message.Append(CultureInfo.InvariantCulture, $" Read {structuredItems.Count} {structuredSource} too and took {string.Join(", ", model.Properties.Select(p => p.Name).Where(filledFromStructured.Contains))} from them.");
        }
        if (dropped > 0 && !structuredOnly && best is not null)
        {
            foreach (var hint in MissingHints([.. reasonOrder.Where(r => reasons[r].Count == sources.Count)], best, model, mapper))
            {
                message.Append(' ').Append(hint);
            }
        }
        if (sponsoredSkipped > 0)
        {
            message.Append(CultureInfo.InvariantCulture, $" Left out {sponsoredSkipped} sponsored {(sponsoredSkipped == 1 ? "entry" : "entries")}; ask for sponsored ones in the command to include them.");
        }
        return new ExtractionResult(rows, found, rows.Count, dropped, columns, message.ToString(), structure)
        {
            SponsoredSkipped = sponsoredSkipped,
            Alternatives = alternatives,
            DropReasons = reasonOrder.ToDictionary(r => r, r => reasons[r].Count, StringComparer.Ordinal),
        };
    }

    /// <summary>Typed values (numbers, dates, links, images) are taken from structured data over the page's text.</summary>
    private static bool PrefersStructured(PropertySpec p) =>
        p.Type is FieldType.Number or FieldType.Integer or FieldType.Boolean
        || p.Format is "uri" or "iri" or "date" or "date-time"
        || RecordMapper.RoleOf(p) is Role.Image or Role.Url;

    private static double StructuredFill(List<StructuredItem> items, StructuredMapper mapper, SchemaModel model)
    {
        if (model.Properties.Count == 0)
        {
            return 0;
        }
        return items.Take(ScoringSample).Average(i => (double)mapper.Map(i, model.Properties).Count / model.Properties.Count);
    }

    [GeneratedRegex(@"^'([^']+)' is required but missing$")]
    private static partial Regex RequiredMissing();

    /// <summary>For each required property found in no row: the closest thing the records do have.</summary>
    private static IEnumerable<string> MissingHints(List<string> reasons, Candidate best, SchemaModel model, RecordMapper mapper)
    {
        var sample = best.Eligible.Take(10).ToList();
        var what = best.Kind.Split(' ')[^1];
        foreach (var reason in reasons)
        {
            var m = RequiredMissing().Match(reason);
            if (!m.Success || model.Properties.FirstOrDefault(p => p.Name == m.Groups[1].Value) is not { } property)
            {
                continue;
            }
            if (RecordMapper.RoleOf(property) == Role.Image)
            {
                var imgs = sample.SelectMany(r => r.Tagged("img")).ToList();
                if (imgs.Count == 0)
                {
                    yield return $"'{property.Name}' is required but the {what} have no img element and no background image.";
                }
                else
                {
                    var attrs = imgs.SelectMany(i => i.Attributes.Select(a => a.Name)).Where(a => a is not ("alt" or "class" or "width" or "height" or "loading" or "decoding")).Distinct().Take(6);
                    yield return $"'{property.Name}' is required but no image source was found in the {what}: their img elements carry only {string.Join(", ", attrs.DefaultIfEmpty("no source attribute"))}.";
                }
                continue;
            }
            LabelPair? closest = null;
            var closestScore = 0.0;
            foreach (var record in sample)
            {
                foreach (var label in record.Labels)
                {
                    var score = Words.Match(property.NameTokens, property.DescriptionTokens, label.Tokens);
                    if (score > closestScore)
                    {
                        closestScore = score;
                        closest = label;
                    }
                }
            }
            yield return closest is null
                ? $"'{property.Name}' is required but nothing in the {what} is labelled like it; name it after a column or label on the page, describe it in \"description\", or give it an x-selector."
                : $"'{property.Name}' is required but was not found in the {what}; the closest label seen was '{Shorten(closest.Label)}' (e.g. \"{Shorten(closest.Text)}\").";
        }
    }

    private static JsonObject Reorder(JsonObject row, IReadOnlyList<PropertySpec> properties)
    {
        var ordered = new JsonObject();
        foreach (var p in properties)
        {
            if (row.TryGetPropertyValue(p.Name, out var v))
            {
                row.Remove(p.Name);
                ordered[p.Name] = v;
            }
        }
        return ordered;
    }

    // ---- candidates ---------------------------------------------------------------------------

    internal sealed class Candidate
    {
        public required string Kind { get; init; }

        public required IElement Container { get; init; }

        public required List<Record> Records { get; init; }

        public double Similarity { get; init; } = 1;

        public string Landmark { get; set; } = "none";

        public double Score { get; set; }

        public double Fill { get; set; }

        public List<Record> Eligible { get; set; } = [];

        public string? RecordName { get; init; }

        /// <summary>Fewer records than a list needs: kept only to be joined with look-alike groups beside it.</summary>
        public bool Fragment { get; init; }

        public int Groups { get; init; } = 1;
    }

    private sealed class Shape
    {
        public required string Tag { get; init; }

        public required HashSet<string> Classes { get; init; }

        public required HashSet<string> Paths { get; init; }
    }

    internal static List<Candidate> FindCandidates(HtmlPage page)
    {
        var candidates = new List<Candidate>();
        var shapes = new Dictionary<IElement, Shape>();
        Visit(page.Body, candidates, shapes);

        // dt/dd groups whose terms come back in other dls (Role, Email, Phone in every profile card)
        // are the labels of records, not a list of records.
        var groups = candidates.Where(c => c.Kind == "dt/dd groups").ToList();
        var termSets = groups.ToDictionary(g => g, g => g.Records.Select(r => HtmlPage.Text(r.Roots[0]).ToLowerInvariant()).ToHashSet(StringComparer.Ordinal));
        foreach (var g in groups)
        {
            var terms = termSets[g];
            if (groups.Any(o => o != g && termSets[o].Count(terms.Contains) * 2 >= terms.Count))
            {
                candidates.Remove(g);
            }
        }
        candidates.AddRange(JoinedGroups(candidates));
        candidates.RemoveAll(c => c.Fragment);
        return candidates;
    }

    /// <summary>
    /// Records repeated across several sibling groups (people cards per department, one batch of
    /// tiles per infinite-scroll fetch) are one list: look-alike records in look-alike containers
    /// under the same parent shape are joined, in document order.
    /// </summary>
    private static IEnumerable<Candidate> JoinedGroups(List<Candidate> candidates)
    {
        static string Sig(IElement? e) => e is null ? "" : e.LocalName + "." + string.Join('.', HtmlPage.ClassTokens(e).Order(StringComparer.Ordinal));
        var groups = candidates
            .Where(c => c.Kind is "list items" or "cards" or "items" or "dl records" && c.RecordName is not null)
            .GroupBy(c => (c.Kind, c.RecordName, Sig(c.Container), Sig(c.Container.ParentElement)));
        foreach (var group in groups)
        {
            // Sections of a page and batches of a feed are few; look-alike bits inside every one of a
            // thousand cards are not a list of lists.
            if (group.Skip(MaxJoinedGroups).Any())
            {
                continue;
            }
            var parts = group.Where(c => !group.Any(o => o != c && o.Container.Contains(c.Container))).ToList();
            if (parts.Count < 2)
            {
                continue;
            }
            var records = parts.SelectMany(p => p.Records).ToList();
            if (records.Count < MinRecords)
            {
                continue;
            }
            var ancestor = parts[0].Container.ParentElement;
            while (ancestor is not null && !parts.All(p => ancestor.Contains(p.Container)))
            {
                ancestor = ancestor.ParentElement;
            }
            if (ancestor is null)
            {
                continue;
            }
            yield return new Candidate
            {
                Kind = parts[0].Kind,
                Container = ancestor,
                Records = records,
                Similarity = parts.Average(p => p.Similarity),
                RecordName = parts[0].RecordName,
                Groups = parts.Count,
            };
        }
    }

    private static void Visit(IElement element, List<Candidate> candidates, Dictionary<IElement, Shape> shapes)
    {
        switch (element.LocalName)
        {
            case "svg" or "math":
                return;
            case "table":
                if (TableCandidate(element) is { } table)
                {
                    candidates.Add(table);
                }
                break;
            case "dl":
                if (DlCandidate(element) is { } dl)
                {
                    candidates.Add(dl);
                }
                break;
        }
        if (element.GetAttribute("role") is "grid" or "table" or "treegrid" && element.LocalName != "table" && GridCandidate(element) is { } grid)
        {
            candidates.Add(grid);
        }
        if (!NotListContainers.Contains(element.LocalName) && element.ChildElementCount >= 2)
        {
            candidates.AddRange(SiblingGroups(element, shapes));
        }
        foreach (var child in element.Children)
        {
            Visit(child, candidates, shapes);
        }
    }

    private static IEnumerable<Candidate> SiblingGroups(IElement parent, Dictionary<IElement, Shape> shapes)
    {
        var clusters = new List<(Shape Representative, List<IElement> Members, double SimilaritySum)>();
        foreach (var child in parent.Children)
        {
            if (NotRecordTags.Contains(child.LocalName))
            {
                continue;
            }
            var shape = ShapeOf(child, shapes);
            var bestIndex = -1;
            var bestSim = 0.0;
            for (var i = 0; i < clusters.Count; i++)
            {
                var sim = Similarity(clusters[i].Representative, shape);
                if (sim >= SimilarityThreshold && sim > bestSim)
                {
                    bestSim = sim;
                    bestIndex = i;
                    if (sim >= 0.999)
                    {
                        break;
                    }
                }
            }
            if (bestIndex >= 0)
            {
                var c = clusters[bestIndex];
                c.Members.Add(child);
                clusters[bestIndex] = (c.Representative, c.Members, c.SimilaritySum + bestSim);
            }
            else if (clusters.Count < MaxClustersPerParent)
            {
                clusters.Add((shape, [child], 1.0));
            }
        }
        foreach (var (_, members, simSum) in clusters)
        {
            if (members.Count < 2)
            {
                continue;
            }
            var records = members.Select(m => new Record([m])).Where(r => r.HasContent).ToList();
            if (records.Count < 2)
            {
                continue;
            }
            var fragment = records.Count < MinRecords; // only as part of records spread over several groups
            var first = members[0];
            string kind;
            if (first.LocalName == "li")
            {
                kind = "list items";
            }
            else if (first.LocalName is "div" or "article" or "section" or "a" or "figure"
                && records.Count(r => r.Elements.Any(e => e.LocalName is "img" or "picture" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6")) * 2 >= records.Count)
            {
                kind = "cards";
            }
            else if (first.LocalName == "dl")
            {
                kind = "dl records";
            }
            else
            {
                kind = "items";
            }
            yield return new Candidate
            {
                Kind = kind,
                Container = parent,
                Records = records,
                Similarity = simSum / members.Count,
                RecordName = HtmlPage.Describe(first),
                Fragment = fragment,
            };
        }
    }

    private static Shape ShapeOf(IElement element, Dictionary<IElement, Shape> shapes)
    {
        if (shapes.TryGetValue(element, out var cached))
        {
            return cached;
        }
        var paths = new HashSet<string>(StringComparer.Ordinal);
        void Walk(IElement e, string prefix, int depth)
        {
            foreach (var child in e.Children)
            {
                if (paths.Count >= 80)
                {
                    return;
                }
                var path = prefix.Length == 0 ? child.LocalName : prefix + "/" + child.LocalName;
                paths.Add(path);
                if (depth < 3)
                {
                    Walk(child, path, depth + 1);
                }
            }
        }
        Walk(element, "", 1);
        var shape = new Shape { Tag = element.LocalName, Classes = [.. HtmlPage.ClassTokens(element)], Paths = paths };
        shapes[element] = shape;
        return shape;
    }

    private static double Similarity(Shape a, Shape b) =>
        a.Tag != b.Tag ? 0 : (0.4 * Jaccard(a.Classes, b.Classes)) + (0.6 * Jaccard(a.Paths, b.Paths));

    private static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 && b.Count == 0)
        {
            return 1;
        }
        var common = a.Count <= b.Count ? a.Count(b.Contains) : b.Count(a.Contains);
        return (double)common / (a.Count + b.Count - common);
    }

    private static Candidate? TableCandidate(IElement table)
    {
        var rows = table.QuerySelectorAll(":scope > tr, :scope > thead > tr, :scope > tbody > tr, :scope > tfoot > tr").ToList();
        if (rows.Count == 0)
        {
            return null;
        }
        List<string>? headers = null;
        var headerRow = rows.LastOrDefault(r => r.ParentElement?.LocalName == "thead");
        if (headerRow is null && rows[0].Children.Length > 0 && rows[0].Children.All(c => c.LocalName == "th"))
        {
            headerRow = rows[0];
        }
        if (headerRow is not null)
        {
            headers = ColumnTexts(headerRow);
        }
        var dataRows = rows.Where(r => r != headerRow && r.ParentElement?.LocalName is not ("thead" or "tfoot") && r.QuerySelector(":scope > td") is not null).ToList();
        if (dataRows.Count == 0)
        {
            return null;
        }
        // A key/value table (a th and a td per row, no header row) describes one thing, not a list.
        if (headers is null && dataRows.All(r => r.Children.Length == 2 && r.Children[0].LocalName == "th"))
        {
            return null;
        }
        var records = new List<Record>();
        foreach (var rowsOfRecord in RowRecords(dataRows))
        {
            var row = rowsOfRecord[0];
            var cells = new List<IElement?>();
            foreach (var cell in row.Children.Where(c => c.LocalName is "td" or "th"))
            {
                cells.Add(cell);
                var span = int.TryParse(cell.GetAttribute("colspan"), out var s) ? Math.Clamp(s, 1, 50) : 1;
                for (var i = 1; i < span; i++)
                {
                    cells.Add(null);
                }
            }
            var record = new Record(rowsOfRecord, cells, headers);
            if (record.HasContent)
            {
                records.Add(record);
            }
        }
        return records.Count == 0 ? null : new Candidate { Kind = "table rows", Container = table, Records = records, Similarity = 1, RecordName = null };
    }

    /// <summary>Spacer rows (no text, no link, no image) separate records; they are not records.</summary>
    private static bool IsSpacerRow(IElement row) => HtmlPage.Text(row).Length == 0 && row.QuerySelector("a[href], img, input") is null;

    private static List<IElement> RowCells(IElement row) => [.. row.Children.Where(c => c.LocalName is "td" or "th")];

    private static int ColSpan(IElement cell) => int.TryParse(cell.GetAttribute("colspan"), out var span) ? Math.Clamp(span, 1, 50) : 1;

    /// <summary>A row's cell structure, classes aside (they cycle: odd/even, prio1…prio5): <c>td,td*2,td</c>.</summary>
    private static string RowSignature(IElement row) =>
        string.Join(',', RowCells(row).Select(c => ColSpan(c) > 1 ? $"{c.LocalName}*{ColSpan(c)}" : c.LocalName));

    /// <summary>
    /// The table's records as their rows. An item row and the detail rows that follow it (the pattern
    /// of link aggregators, bug trackers, statements: a story and its subtext, a ticket and its
    /// description, a payment and its memo) are one record. Item rows are the recurring row shape
    /// with the most cells; detail rows are a narrower or wider-celled shape that, in most of its
    /// occurrences, comes right after an item row, never before the first one. A spacer row ends a
    /// record unless what follows is a detail shape the record does not have yet. With that pattern
    /// found, detail-shaped rows that follow no item (a "More" row after the last story) are not
    /// records; neither, in any table of several-cell rows, is a row of one spanning cell (a day or
    /// group heading, "more results on the next page"). Every other row is a record of its own.
    /// </summary>
    internal static List<IElement[]> RowRecords(IReadOnlyList<IElement> rows)
    {
        var content = rows.Where(r => !IsSpacerRow(r)).ToList();
        var signatures = content.ToDictionary(r => r, RowSignature);
        var cellCount = content.ToDictionary(r => r, r => RowCells(r).Count);
        var recurring = content.GroupBy(r => signatures[r]).Where(g => g.Skip(1).Any()).ToList();
        var itemGroup = recurring.OrderByDescending(g => cellCount[g.First()]).ThenByDescending(g => g.Count()).FirstOrDefault();
        if (itemGroup is null)
        {
            return [.. content.Select(r => new[] { r })];
        }
        var item = itemGroup.Key;
        var itemCells = cellCount[itemGroup.First()];
        var beforeFirstItem = content.TakeWhile(r => signatures[r] != item).Select(r => signatures[r]).ToHashSet(StringComparer.Ordinal);
        var itemFirst = RowCells(itemGroup.First()).FirstOrDefault();
        // A row that starts like an item (its first column filled, as wide and of the same kind) is
        // an item with cells merged (an out-of-stock product), not the detail of the row above.
        bool StartsLikeItem(IElement r) => RowCells(r).FirstOrDefault() is { } first && itemFirst is not null
            && first.LocalName == itemFirst.LocalName && ColSpan(first) == ColSpan(itemFirst) && HtmlPage.Text(first).Length > 0;
        bool LooksLikeDetail(IElement r) =>
            signatures[r] != item && !beforeFirstItem.Contains(signatures[r]) && !StartsLikeItem(r) && (cellCount[r] < itemCells || RowCells(r).Any(c => ColSpan(c) > 1));
        bool SpanningNote(IElement r) => itemCells >= 2 && cellCount[r] == 1 && signatures[r] != item;

        // Which shapes follow item rows: attach every detail-looking row first, then keep only the
        // shapes that follow an item in most of their occurrences and after enough of the items.
        List<List<IElement>> Group(Func<IElement, bool> isDetail, Dictionary<string, int>? attached)
        {
            var groups = new List<List<IElement>>();
            List<IElement>? current = null;
            var spaced = false;
            foreach (var row in rows)
            {
                if (IsSpacerRow(row))
                {
                    spaced = current is not null;
                    continue;
                }
                var signature = signatures[row];
                if (signature == item)
                {
                    groups.Add(current = [row]);
                }
                else if (current is not null && isDetail(row) && (!spaced || !current.Any(r => signatures[r] == signature)))
                {
                    current.Add(row);
                    if (attached is not null)
                    {
                        attached[signature] = attached.GetValueOrDefault(signature) + 1;
                    }
                }
                else
                {
                    current = null;
                    groups.Add([row]);
                }
                spaced = false;
            }
            return groups;
        }
        var follows = new Dictionary<string, int>(StringComparer.Ordinal);
        Group(LooksLikeDetail, follows);
        var items = itemGroup.Count();
        var detailShapes = follows
            .Where(f => f.Value >= 2 && f.Value * 2 >= content.Count(r => signatures[r] == f.Key) && f.Value * 5 >= items * 2)
            .Select(f => f.Key)
            .ToHashSet(StringComparer.Ordinal);
        if (detailShapes.Count == 0)
        {
            return [.. content.Where(r => !(SpanningNote(r) && itemCells >= 3 && r.QuerySelector("a[href]") is null)).Select(r => new[] { r })];
        }
        return [.. Group(r => detailShapes.Contains(signatures[r]) && LooksLikeDetail(r), null)
            .Where(g => g.Count > 1 || signatures[g[0]] == item || !(detailShapes.Contains(signatures[g[0]]) || SpanningNote(g[0])))
            .Select(g => g.ToArray())];
    }

    /// <summary>An ARIA grid (div role=grid/row/gridcell, as JS data grids render): rows with cells under column headers.</summary>
    private static Candidate? GridCandidate(IElement grid)
    {
        var rows = grid.QuerySelectorAll("[role=row]").Where(r => r.Closest("[role=grid], [role=table], [role=treegrid]") == grid).ToList();
        var headerRow = rows.FirstOrDefault(r => r.QuerySelector("[role=columnheader]") is not null);
        if (headerRow is null)
        {
            return null;
        }
        var headers = headerRow.QuerySelectorAll("[role=columnheader]").Select(HtmlPage.Text).ToList();
        var records = new List<Record>();
        foreach (var row in rows.Where(r => r != headerRow))
        {
            var cells = row.QuerySelectorAll("[role=gridcell], [role=cell], [role=rowheader]").Where(c => c.Closest("[role=row]") == row).Cast<IElement?>().ToList();
            if (cells.Count == 0)
            {
                continue;
            }
            var record = new Record([row], cells, headers);
            if (record.HasContent)
            {
                records.Add(record);
            }
        }
        return records.Count == 0 ? null : new Candidate { Kind = "grid rows", Container = grid, Records = records, Similarity = 1, RecordName = null };
    }

    private static List<string> ColumnTexts(IElement row)
    {
        var texts = new List<string>();
        foreach (var cell in row.Children.Where(c => c.LocalName is "td" or "th"))
        {
            texts.Add(HtmlPage.Text(cell));
            var span = int.TryParse(cell.GetAttribute("colspan"), out var s) ? Math.Clamp(s, 1, 50) : 1;
            for (var i = 1; i < span; i++)
            {
                texts.Add("");
            }
        }
        return texts;
    }

    /// <summary>
    /// A dl with repeating labels (Name, Email, Name, Email…) is a run of records split where the
    /// first label comes back; a dl whose terms are all different is a list of term/definition groups.
    /// </summary>
    private static Candidate? DlCandidate(IElement dl)
    {
        var children = dl.Children.Where(c => c.LocalName is "dt" or "dd").ToList();
        var terms = children.Where(c => c.LocalName == "dt").ToList();
        if (terms.Count < MinRecords)
        {
            return null;
        }
        var firstLabel = HtmlPage.Text(terms[0]).ToLowerInvariant();
        var repeats = terms.Count(t => HtmlPage.Text(t).Equals(firstLabel, StringComparison.OrdinalIgnoreCase));
        var records = new List<Record>();
        var current = new List<IElement>();
        var startsRecord = repeats >= 2
            ? (Func<IElement, bool>)(e => e.LocalName == "dt" && HtmlPage.Text(e).Equals(firstLabel, StringComparison.OrdinalIgnoreCase))
            : e => e.LocalName == "dt" && e.PreviousElementSibling?.LocalName != "dt";
        foreach (var child in children)
        {
            if (startsRecord(child) && current.Count > 0)
            {
                records.Add(new Record(current));
                current = [];
            }
            current.Add(child);
        }
        if (current.Count > 0)
        {
            records.Add(new Record(current));
        }
        records = [.. records.Where(r => r.HasContent)];
        if (records.Count < (repeats >= 2 ? 2 : MinRecords))
        {
            return null;
        }
        return new Candidate { Kind = repeats >= 2 ? "dt/dd records" : "dt/dd groups", Container = dl, Records = records, Similarity = 1, RecordName = null };
    }

    // ---- scoring ------------------------------------------------------------------------------

    private static void Score(Candidate candidate, SchemaModel model, RecordMapper mapper, bool includeSponsored, HashSet<string> allowedLandmarks, HashSet<string> hintWords, int bodyText)
    {
        candidate.Eligible = includeSponsored ? candidate.Records : [.. candidate.Records.Where(r => !r.Sponsored)];
        var n = candidate.Eligible.Count;
        if (n == 0)
        {
            candidate.Score = 0;
            return;
        }
        candidate.Landmark = LandmarkOf(candidate.Container);

        // How much of the schema the records can fill, sampled; a property with the same value in
        // every record ("Add to cart") counts half.
        var sample = candidate.Eligible.Count <= ScoringSample
            ? candidate.Eligible
            : [.. Enumerable.Range(0, ScoringSample).Select(i => candidate.Eligible[i * candidate.Eligible.Count / ScoringSample])];
        double filled = 0, total = 0;
        var values = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var record in sample)
        {
            var row = mapper.Map(record, model.Properties, out var f, out var t);
            filled += f;
            total += t;
            foreach (var (key, value) in row)
            {
                if (!values.TryGetValue(key, out var set))
                {
                    values[key] = set = [];
                }
                set.Add(value?.ToJsonString() ?? "");
            }
        }
        var fill = total == 0 ? 0 : filled / total;
        if (sample.Count >= 3 && model.Properties.Count > 0)
        {
            var constant = values.Count(v => v.Value.Count == 1);
            fill *= 1 - (0.5 * constant / model.Properties.Count);
        }
        candidate.Fill = fill;

        var text = candidate.Eligible.Sum(r => r.Text.Length);
        var share = Math.Min(1.0, (double)text / bodyText);
        var landmark = candidate.Landmark switch
        {
            "main" or "article" => 1.0,
            "none" => 0.8,
            _ when allowedLandmarks.Contains(candidate.Landmark) => 1.0, // and "asked" below
            "header" => 0.3,
            _ => 0.05,
        };
        var sponsoredShare = includeSponsored ? 1.0 : 0.5 + (0.5 * n / candidate.Records.Count);

        // The command names the list: by its heading ("the related searches", "the reviews") or
        // by its landmark ("the footer links"). Such a list is taken as it is, and preferred.
        var asked = allowedLandmarks.Contains(candidate.Landmark)
            || (hintWords.Count > 0 && HeadingOf(candidate) is { } heading && Words.Tokens(heading).Any(hintWords.Contains));
        var shape = asked ? 3.0 : 1.0;

        // Siblings that each read "Label: value" with different labels are the fields of one
        // record (Rent, Deposit, Views…), not records.
        var labelled = sample
            .Where(r => r.Cells is null && r.Text.Length <= 100 && !r.Elements.Any(e => e.LocalName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6") && LabelOnly().IsMatch(r.Text))
            .Select(r => LabelOnly().Match(r.Text).Groups[1].Value.ToLowerInvariant())
            .ToList();
        if (labelled.Count * 10 >= sample.Count * 6 && labelled.Distinct().Count() * 10 >= labelled.Count * 8)
        {
            shape *= 0.3;
        }
        if (!asked)
        {
            // Runs of paragraphs are prose more often than data; lists of bare short links
            // (related searches, tags, categories) are navigation more often than data.
            if (candidate.Records[0].Roots[0].LocalName == "p")
            {
                shape *= 0.6;
            }
            var bareLinks = sample.Count(r => r.Text.Length < 40 && r.Elements.Where(e => e.LocalName == "a" && e.HasAttribute("href")).ToList() is [var only] && r.TextOf(only) == r.Text);
            if (bareLinks * 10 >= sample.Count * 8)
            {
                shape *= 0.6;
            }
        }
        candidate.Score = Math.Log2(1 + n) * (0.1 + fill) * (0.5 + Math.Sqrt(share)) * landmark * (0.5 + (0.5 * candidate.Similarity)) * sponsoredShare * shape;
    }

    private static readonly HashSet<string> NavWords = new(StringComparer.Ordinal) { "nav", "navbar", "navigation", "breadcrumb", "breadcrumbs", "pagination", "pager", "menubar" };

    /// <summary>The nearest landmark around an element: main, article, nav, footer, aside, header, or none.</summary>
    internal static string LandmarkOf(IElement element)
    {
        var depth = 0;
        for (var e = element; e is not null; e = e.ParentElement, depth++)
        {
            var role = e.GetAttribute("role")?.ToLowerInvariant();
            switch (e.LocalName)
            {
                case "main":
                    return "main";
                case "nav":
                    return "nav";
                case "aside":
                    return "aside";
                case "footer":
                    return "footer";
                case "header" when e.ParentElement?.Closest("article, section, main") is null:
                    return "header";
                case "article" when e != element:
                    return "article";
            }
            switch (role)
            {
                case "main":
                    return "main";
                case "navigation" or "menubar":
                    return "nav";
                case "complementary":
                    return "aside";
                case "contentinfo":
                    return "footer";
                case "banner":
                    return "header";
            }
            if (depth <= 3)
            {
                var parts = e.ClassList.Append(e.Id ?? "").SelectMany(c => c.ToLowerInvariant().Split('-', '_', ' ')).ToHashSet(StringComparer.Ordinal);
                if (parts.Overlaps(NavWords))
                {
                    return "nav";
                }
                if (parts.Contains("footer"))
                {
                    return "footer";
                }
                if (parts.Contains("sidebar"))
                {
                    return "aside";
                }
            }
        }
        return "none";
    }

    // ---- validation ---------------------------------------------------------------------------

    private static readonly EvaluationOptions FlagOnly = new() { OutputFormat = OutputFormat.Flag };
    private static readonly EvaluationOptions Detailed = new() { OutputFormat = OutputFormat.Hierarchical };

    private static List<(string Reason, string? Example)> Validate(JsonSchema validator, JsonObject row, SchemaModel model)
    {
        using var document = JsonDocument.Parse("[" + row.ToJsonString() + "]");
        var failures = new List<(string, string?)>();
        // A quick yes/no first; the detailed (slower) evaluation only for rows that fail.
        EvaluationResults results;
        try
        {
            if (validator.Evaluate(document.RootElement, FlagOnly).IsValid)
            {
                return failures;
            }
            results = validator.Evaluate(document.RootElement, Detailed);
        }
        catch (Exception ex) when (ex is JsonSchemaException or RefResolutionException)
        {
            failures.Add(($"the schema could not be evaluated ({ex.Message.TrimEnd('.')})", null));
            return failures;
        }
        var errors = new List<(string Location, string Keyword, string Message)>();
        void Walk(EvaluationResults node)
        {
            if (node.IsValid)
            {
                return;
            }
            var location = node.InstanceLocation.ToString();
            if (node.Errors is { Count: > 0 } && (location == "/0" || location.StartsWith("/0/", StringComparison.Ordinal)))
            {
                foreach (var (keyword, message) in node.Errors)
                {
                    errors.Add((location, keyword, message));
                }
            }
            foreach (var child in node.Details ?? [])
            {
                Walk(child);
            }
        }
        Walk(results);
        if (errors.Count == 0)
        {
            return failures; // only array-level keywords (minItems…) failed: not this row's fault
        }
        foreach (var (location, keyword, message) in errors)
        {
            var path = location.Length > 2 ? location[3..].Replace('/', '.') : "";
            if (keyword == "required")
            {
                foreach (var missing in MissingRequired(row, model.Properties, path))
                {
                    Add(failures, $"'{missing}' is required but missing", null);
                }
            }
            else if (keyword == "type")
            {
                var value = Lookup(row, path);
                var expected = ExpectedType(model.Properties, path);
                Add(failures, $"'{path}' is not {expected}", Shorten(value?.ToString()));
            }
            else
            {
                Add(failures, $"'{(path.Length == 0 ? "item" : path)}' fails \"{keyword}\" ({message.TrimEnd('.')})", null);
            }
        }
        if (failures.Count == 0)
        {
            failures.Add(("the item does not validate", null));
        }
        return failures;
    }

    private static void Add(List<(string, string?)> failures, string reason, string? example)
    {
        if (!failures.Any(f => f.Item1 == reason))
        {
            failures.Add((reason, example));
        }
    }

    private static IEnumerable<string> MissingRequired(JsonObject row, IReadOnlyList<PropertySpec> properties, string path)
    {
        var specs = properties;
        JsonNode? node = row;
        if (path.Length > 0)
        {
            foreach (var segment in path.Split('.'))
            {
                node = node is JsonObject o ? o[segment] : node is JsonArray a && int.TryParse(segment, out var i) && i < a.Count ? a[i] : null;
                var spec = specs.FirstOrDefault(s => s.Name == segment);
                if (spec is not null)
                {
                    specs = spec.Children;
                }
            }
        }
        if (node is not JsonObject obj)
        {
            yield break;
        }
        foreach (var spec in specs.Where(s => s.Required && !obj.ContainsKey(s.Name)))
        {
            yield return path.Length == 0 ? spec.Name : $"{path}.{spec.Name}";
        }
    }

    private static JsonNode? Lookup(JsonObject row, string path)
    {
        JsonNode? node = row;
        foreach (var segment in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node is JsonObject o ? o[segment] : node is JsonArray a && int.TryParse(segment, out var i) && i < a.Count ? a[i] : null;
        }
        return node;
    }

    private static string ExpectedType(IReadOnlyList<PropertySpec> properties, string path)
    {
        PropertySpec? spec = null;
        var specs = properties;
        var inArray = false;
        foreach (var segment in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(segment, out _) && spec?.Type == FieldType.Array)
            {
                inArray = true;
                continue;
            }
            spec = specs.FirstOrDefault(s => s.Name == segment);
            inArray = false;
            if (spec is null)
            {
                return "of the right type";
            }
            specs = spec.Children;
        }
        var type = spec is null ? FieldType.Object : inArray ? spec.ItemType : spec.Type;
        return type switch
        {
            FieldType.Number => "a number",
            FieldType.Integer => "an integer",
            FieldType.Boolean => "a boolean (yes/no)",
            FieldType.Object => "an object",
            FieldType.Array => "a list",
            _ => "a string",
        };
    }

    private static string? Shorten(string? s) => s is null ? null : s.Length <= 40 ? s : s[..37] + "...";

    // ---- hints and descriptions ------------------------------------------------------------------

    [GeneratedRegex(@"^\s*([\p{L}][^:]{0,39}?)\s*:\s*\S", RegexOptions.Singleline)]
    private static partial Regex LabelOnly();

    [GeneratedRegex(@"\b(sponsored|ads?|adverts?|advertisements?|promoted)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SponsoredWord();

    [GeneratedRegex(@"\b(no|not|without|excluding|exclude|except|skip|skipping|ignore|ignoring|minus|non|but)\b[\s\w-]{0,20}$", RegexOptions.IgnoreCase)]
    private static partial Regex NegationBefore();

    /// <summary>Whether the command asks for sponsored entries ("including sponsored ones", "ads too"), not against them ("without ads").</summary>
    public static bool HintWantsSponsored(string? hint)
    {
        if (string.IsNullOrWhiteSpace(hint))
        {
            return false;
        }
        foreach (Match m in SponsoredWord().Matches(hint))
        {
            var before = hint[..m.Index];
            if (!NegationBefore().IsMatch(before.Length > 30 ? before[^30..] : before) && !hint[(m.Index + m.Length)..].TrimStart().StartsWith("-free", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private static readonly HashSet<string> GenericHintWords = new(StringComparer.Ordinal)
    {
        "get", "list", "extract", "show", "find", "give", "return", "fetch", "scrape", "collect", "read", "all", "every", "me", "my",
        "page", "result", "row", "data", "info", "information", "detail", "title", "name", "url", "link", "price", "one", "their", "them",
        "sponsored", "ad", "including", "include", "also", "too", "only", "first", "last", "top", "just", "please", "here", "there", "what",
    };

    /// <summary>The content words of the command ("get the related searches" → related, search).</summary>
    private static HashSet<string> HintWords(string? hint) =>
        Words.Tokens(hint).Where(w => w.Length > 2 && !GenericHintWords.Contains(w)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The heading that titles a candidate list: its own first heading outside the records, or the nearest one before it.</summary>
    private static string? HeadingOf(Candidate candidate)
    {
        var records = candidate.Records.SelectMany(r => r.Roots).ToHashSet();
        foreach (var child in candidate.Container.Children)
        {
            if (records.Contains(child))
            {
                break;
            }
            if (child.LocalName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "caption" or "legend")
            {
                return HtmlPage.Text(child);
            }
        }
        for (var e = candidate.Container; e is not null && e.LocalName != "body"; e = e.ParentElement)
        {
            for (var sibling = e.PreviousElementSibling; sibling is not null; sibling = sibling.PreviousElementSibling)
            {
                if (sibling.LocalName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6")
                {
                    return HtmlPage.Text(sibling);
                }
                if (sibling.QuerySelector("h1, h2, h3, h4, h5, h6") is not null)
                {
                    return null; // another section's heading: this list has none of its own
                }
            }
        }
        return null;
    }

    private static HashSet<string> HintLandmarks(string? hint)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in Words.Tokens(hint, keepStopWords: true))
        {
            switch (word)
            {
                case "nav" or "navigation" or "menu" or "navbar" or "breadcrumb" or "pagination":
                    set.Add("nav");
                    break;
                case "footer":
                    set.Add("footer");
                    break;
                case "sidebar" or "aside":
                    set.Add("aside");
                    break;
                case "header" or "banner":
                    set.Add("header");
                    break;
            }
        }
        return set;
    }

    private static string Describe(Candidate c, int count)
    {
        var records = (c.RecordName is null ? c.Kind : $"{c.Kind} {c.RecordName}") + (c.Groups > 1 ? $" across {c.Groups} groups" : "");
        var landmark = c.Landmark is "none" || c.Container.LocalName == c.Landmark ? "" : $" ({c.Landmark})";
        return $"{count} {records} in {HtmlPage.Describe(c.Container)}{landmark}";
    }

    private static string DescribeForMessage(Candidate c)
    {
        var records = (c.RecordName is null ? c.Kind : $"{c.Kind} {c.RecordName}") + (c.Groups > 1 ? $" across {c.Groups} groups" : "");
        var where = c.Landmark switch
        {
            "main" or "article" => ", main content",
            "nav" => ", navigation",
            "footer" => ", page footer",
            "aside" => ", sidebar",
            "header" => ", page header",
            _ => "",
        };
        return $"{records} in {HtmlPage.Describe(c.Container)}{where}";
    }
}
