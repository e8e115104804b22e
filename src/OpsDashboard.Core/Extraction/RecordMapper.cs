using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace OpsDashboard.Core.Extraction;

/// <summary>What a property asks for, guessed from its name and format.</summary>
internal enum Role
{
    Text,
    Title,
    Url,
    Image,
    Price,
    OriginalPrice,
    Rating,
    Date,
    Email,
    Phone,
    Description,
    Sponsored,
    Author,
    Handle,
}

/// <summary>Fills one record's object from the schema's properties: x-selector, then labels, then the property's role.</summary>
internal sealed partial class RecordMapper(HtmlPage page)
{
    private const double LabelThreshold = 0.5;

    private static readonly HashSet<string> ImageWords = new(StringComparer.Ordinal) { "image", "img", "picture", "thumbnail", "thumb", "photo", "avatar", "logo", "icon", "cover" };
    private static readonly HashSet<string> UrlWords = new(StringComparer.Ordinal) { "url", "link", "href", "permalink", "website", "homepage", "uri" };
    private static readonly HashSet<string> EmailWords = new(StringComparer.Ordinal) { "email", "mail" };
    private static readonly HashSet<string> PhoneWords = new(StringComparer.Ordinal) { "phone", "tel", "telephone", "mobile", "cell", "fax" };
    private static readonly HashSet<string> PriceWords = new(StringComparer.Ordinal) { "price", "cost", "amount", "fee" };
    private static readonly HashSet<string> WasWords = new(StringComparer.Ordinal) { "original", "was", "old", "list", "regular", "msrp", "rrp", "compare", "before", "strike", "strikethrough", "crossed" };
    private static readonly HashSet<string> RatingWords = new(StringComparer.Ordinal) { "rating", "star", "stars", "score" };
    private static readonly HashSet<string> DateWords = new(StringComparer.Ordinal) { "date", "published", "posted", "updated", "created", "time", "when", "day", "due", "deadline", "expiry", "expires", "datetime", "timestamp", "uploaded", "upload", "released", "modified", "edited", "asked", "joined", "listed", "added", "opened", "closed", "submitted" };
    private static readonly HashSet<string> AuthorWords = new(StringComparer.Ordinal) { "author", "by", "byline", "writer", "poster", "submitter", "creator", "reporter", "journalist", "chef", "reviewer", "wrote", "written", "publisher", "maintainer", "uploader", "owner" };
    private static readonly HashSet<string> HandleWords = new(StringComparer.Ordinal) { "handle", "username", "screenname", "nick", "nickname" };
    private static readonly HashSet<string> TitleWords = new(StringComparer.Ordinal) { "title", "name", "heading", "headline", "product" };
    private static readonly HashSet<string> DescriptionWords = new(StringComparer.Ordinal) { "description", "summary", "snippet", "excerpt", "abstract", "blurb", "text", "body", "content", "teaser" };

    private readonly HtmlPage _page = page;

    private static readonly HashSet<string> DurationQualifiers = new(StringComparer.Ordinal)
    {
        "total", "prep", "preparation", "cook", "cooking", "bake", "baking", "read", "reading", "travel", "wait", "waiting", "run", "running", "watch", "drive", "flight", "walk", "active",
    };

    /// <summary>
    /// The texts of the record's elements that carry a class label's class, when two or more short ones do and none
    /// holds another (a tag list: a.post-tag, a.post-tag); null otherwise.
    /// </summary>
    private static List<string>? RepeatedByClass(Record record, LabelPair label)
    {
        if (!label.FromClass || label.Element is not { } element || (!label.FromLink && !element.ClassList.Contains(label.Label)))
        {
            return null;
        }
        // by class, or for a link's folder label the links under the same folder (/labels/bug, /labels/docs)
        var same = label.FromLink
            ? record.Elements.Where(e => e.LocalName == "a" && e.ParentElement == element.ParentElement && Record.LinkFolder(e.GetAttribute("href")) == label.Label).ToList()
            : record.Elements.Where(e => e.LocalName == element.LocalName && e.ClassList.Contains(label.Label)).ToList();
        if (same.Count < 2 || same.Any(a => same.Any(b => a != b && a.Contains(b))))
        {
            return null;
        }
        var texts = same.Select(record.TextOf).Where(t => t.Length is > 0 and <= 60).ToList();
        return texts.Count >= 2 ? texts : null;
    }

    /// <summary>A property named by one plural noun ("tags", "genres", "authors").</summary>
    private static bool IsPluralName(PropertySpec property) =>
        property.NameTokens.Count == 1 && property.Name.Trim().ToLowerInvariant() is var n && n.Length >= 4 && n.EndsWith('s') && !n.EndsWith("ss", StringComparison.Ordinal) && n != property.NameTokens[0];

    /// <summary>A text property named by one plural noun ("reviews", "comments", "bedrooms"): a count shown as "N reviews".</summary>
    private static bool IsCountName(PropertySpec property) =>
        property.Type == FieldType.String && property.Enum is null && property.Format is null && property.NameTokens.Count == 1
        && property.Name.Trim().Length >= 4 && property.Name.Trim().EndsWith('s') && !property.Name.Trim().EndsWith("ss", StringComparison.Ordinal)
        && Words.Singular(property.NameTokens[0]) == property.NameTokens[0] && property.Name.Trim().ToLowerInvariant() != property.NameTokens[0];

    /// <summary>A name for a length of time: "duration", "runtime", or "time" with a word saying of what ("total time", "prep_time").</summary>
    internal static bool IsDurationName(IReadOnlyList<string> t) =>
        t.Any(w => w is "duration" or "runtime") || (t.Contains("time") && t.Any(DurationQualifiers.Contains));

    /// <summary>A short text that is a length of time: "25 mins", "1 hr 5 mins", "2h 30m", "9 min read".</summary>
    [GeneratedRegex(@"^(?:about\s+|approx\.?\s+)?(?:\d+(?:[.,]\d+)?\s*(?:h|hr|hrs|hour|hours)\.?(?:\s*(?:and\s+)?\d+\s*(?:m|min|mins|minute|minutes)\.?)?|\d+(?:\s*[-–]\s*\d+)?\s*(?:m|min|mins|minute|minutes|s|sec|secs|seconds|d|day|days|wk|wks|week|weeks|mo|mos|month|months|yr|yrs|year|years)\.?)(?:\s+read)?$", RegexOptions.IgnoreCase)]
    private static partial Regex DurationText();

    /// <summary>
    /// The first leaf text of the record, outside buttons, that is a length of time (a running time may sit on the
    /// thumbnail link), or such a part of a sub-line ("Beginner · Course · 1 - 3 Months").
    /// </summary>
    private static string? DurationIn(Record record) =>
        record.Descendants.Where(e => e.Children.Length == 0 && e.Closest("button") is null)
            .Select(record.TextOf).Where(t => t.Length is > 0 and <= 80)
            .SelectMany(t => t.IndexOfAny(SubLineSeparators) < 0 ? [t] : t.Split(SubLineSeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .FirstOrDefault(t => t.Length is > 0 and <= 30 && (DurationText().IsMatch(t) || ClockDuration().IsMatch(t)));

    /// <summary>A running time on a video or track: "12:34", "1:02:05".</summary>
    [GeneratedRegex(@"^\d{1,2}(?::[0-5]\d){1,2}$")]
    private static partial Regex ClockDuration();

    public static Role RoleOf(PropertySpec property)
    {
        var role = RoleOf(property.NameTokens, property.Format?.ToLowerInvariant(), property.Type);
        // A name that says nothing ("was", "extra") takes its role from the description ("original price before the discount").
        return role == Role.Text && property.DescriptionTokens.Count > 0 && property.Format is null
            ? RoleOf(property.DescriptionTokens, null, property.Type) is var fromDescription && fromDescription is not (Role.Title or Role.Description) ? fromDescription : role
            : role;
    }

    private static Role RoleOf(IReadOnlyList<string> t, string? format, FieldType type)
    {
        if (t.Count > 1 && t[^1] == "by" && format is null)
        {
            return Role.Author; // "created_by", "posted_by": who, though "created" and "posted" are time words
        }
        if (t.Any(ImageWords.Contains))
        {
            return Role.Image;
        }
        if (t.Any(UrlWords.Contains) || format is "uri" or "iri" or "uri-reference" or "iri-reference")
        {
            return Role.Url;
        }
        if (t.Any(EmailWords.Contains) || format is "email" or "idn-email")
        {
            return Role.Email;
        }
        if (t.Any(PhoneWords.Contains))
        {
            return Role.Phone;
        }
        if (t.Any(PriceWords.Contains))
        {
            return t.Any(WasWords.Contains) ? Role.OriginalPrice : Role.Price;
        }
        if (t.Any(RatingWords.Contains))
        {
            return Role.Rating;
        }
        if (IsDurationName(t) && format is null)
        {
            return Role.Text; // "total_time", "prep time", "read time": how long, not when
        }
        if (t.Any(DateWords.Contains) || format is "date" or "date-time")
        {
            return Role.Date;
        }
        if (t.Any(HandleWords.Contains))
        {
            return Role.Handle;
        }
        if (t.Any(AuthorWords.Contains))
        {
            return Role.Author;
        }
        if (t.Any(TitleWords.Contains))
        {
            return Role.Title;
        }
        if (t.Any(DescriptionWords.Contains))
        {
            return Role.Description;
        }
        if (type == FieldType.Boolean && t.Any(w => w is "sponsored" or "ad" or "promoted" or "advertisement"))
        {
            return Role.Sponsored;
        }
        return Role.Text;
    }

    /// <summary>The record as a JSON object; <paramref name="filled"/> weighs what was found (required properties twice).</summary>
    public JsonObject Map(Record record, IReadOnlyList<PropertySpec> properties, out double filled, out double total)
    {
        _depth++;
        try
        {
            return MapOnce(record, properties, out filled, out total);
        }
        finally
        {
            _depth--;
        }
    }

    private int _depth;

    /// <summary>The top-level properties (by name) the last <see cref="Map"/> answered from a label (header, dt, "Label:", class).</summary>
    public HashSet<string> LastLabelled { get; } = new(StringComparer.Ordinal);

    /// <summary>Top-level properties (by name) the list's other items show under a label: no caption answers them.</summary>
    public HashSet<string> NoCaptionFor { get; } = new(StringComparer.Ordinal);

    /// <summary>The top-level properties (by name) the last <see cref="Map"/> answered with an unlabelled caption.</summary>
    public HashSet<string> LastCaptioned { get; } = new(StringComparer.Ordinal);

    private JsonObject MapOnce(Record record, IReadOnlyList<PropertySpec> properties, out double filled, out double total)
    {
        var top = _depth == 1;
        if (top)
        {
            LastLabelled.Clear();
            LastCaptioned.Clear();
        }
        var result = new JsonNode?[properties.Count];
        var done = new bool[properties.Count];

        // 1. x-selector: deterministic, used alone when present.
        for (var i = 0; i < properties.Count; i++)
        {
            if (properties[i].Selector is { } selector)
            {
                result[i] = FromSelector(record, properties[i], selector);
                done[i] = true;
            }
        }

        // 2. Labels (column headers, dt, "Label:", aria-label, itemprop, class names): best pairs first,
        // each label used once.
        var labels = record.Labels;
        var pairs = new List<(int Property, int Label, double Score)>();
        for (var i = 0; i < properties.Count; i++)
        {
            if (done[i])
            {
                continue;
            }
            for (var j = 0; j < labels.Count; j++)
            {
                var score = Words.Match(properties[i].NameTokens, properties[i].DescriptionTokens, labels[j].Tokens, synonyms: !labels[j].FromClass) * labels[j].Weight;
                if (labels[j].FromClass)
                {
                    score *= SubjectFit(properties, i, labels[j].Tokens);
                }
                if (labels[j].FromLink && RoleOf(properties[i]) != Role.Text)
                {
                    continue; // a link's folder names a plain value (a company), not a title, author or url the roles find
                }
                if (RoleOf(properties[i]) is Role.Price or Role.OriginalPrice && labels[j].Tokens.Any(SavingLabelWords.Contains))
                {
                    continue; // "Price cut: $25,000", "You save: $30": a discount, not a price
                }
                if (score >= LabelThreshold)
                {
                    pairs.Add((i, j, score));
                }
            }
        }
        // A labelled wrapper yields to a labelled element inside it for the same property ("organizer" around
        // "organizer-name" and "organizer-followers"): the inner one is the value, the wrapper holds more than it.
        // Only an inner label that is the property's words and a name word counts ("organizer-name", not "price-item").
        pairs.RemoveAll(p => labels[p.Label].Element is { } outer && pairs.Any(q => q.Property == p.Property && q.Label != p.Label
            && labels[q.Label].Element is { } inner && inner != outer && outer.Contains(inner)
            && labels[q.Label].Tokens.All(t => properties[p.Property].NameTokens.Contains(t) || t is "name" or "title" or "text" or "value" or "label")
            && labels[q.Label].Tokens.Any(properties[p.Property].NameTokens.Contains) && labels[q.Label].Tokens.Count > properties[p.Property].NameTokens.Count));
        // A count the page states with the property's own word ("1,482 reviews" for reviews) answers it before a class
        // name that only mentions the word (a "review-score__badge" holding the score), unless a header, dt or
        // "Label:" names the property.
        for (var i = 0; i < properties.Count; i++)
        {
            if (!done[i] && (properties[i].Type is FieldType.Integer or FieldType.Number || IsCountName(properties[i])) && RoleOf(properties[i]) == Role.Text
                && !pairs.Any(p => p.Property == i && labels[p.Label].Weight >= 0.9)
                && QuantityIn(record.Text, properties[i], whole: false, nameOnly: true) is { } count)
            {
                result[i] = Convert(count, properties[i], Role.Text);
                done[i] = result[i] is not null;
                if (top && done[i])
                {
                    LastLabelled.Add(properties[i].Name); // the count's own word labels it
                }
            }
        }
        var usedLabels = new HashSet<int>();
        var usedElements = new HashSet<IElement>();
        var labelElements = new List<(int Property, IElement Element)>();
        foreach (var (i, j, _) in pairs.OrderByDescending(p => p.Score).ThenBy(p => p.Label))
        {
            if (done[i] || usedLabels.Contains(j) || (labels[j].Element is { } e && usedElements.Contains(e)))
            {
                continue;
            }
            var value = FromLabel(record, properties[i], labels[j]);
            if (value is not null)
            {
                result[i] = value;
                done[i] = true;
                if (top)
                {
                    LastLabelled.Add(properties[i].Name);
                }
                usedLabels.Add(j);
                if (labels[j].Element is { } used)
                {
                    usedElements.Add(used);
                    labelElements.Add((i, used));
                }
            }
        }

        // 2b. A cell that holds a name and a secondary part (a host name and its instance id on a sub-line) gave
        // its name to a name-like property: its secondary part is the id-like property's value, when no label gave one.
        for (var i = 0; i < properties.Count; i++)
        {
            if (done[i] || !IsIdLike(properties[i]))
            {
                continue;
            }
            foreach (var (p, element) in labelElements)
            {
                if (RoleOf(properties[p]) == Role.Title && element.LocalName is "td" or "th" && SecondaryPart(element) is { } secondary)
                {
                    result[i] = Convert(secondary, properties[i], Role.Text);
                    done[i] = result[i] is not null;
                    break;
                }
            }
        }

        // 2c. An id-like property still without a value takes an id-shaped part of an unlabelled sub-line in a card
        // ("Staff Engineer · E-1042", "#48213 | open"): a part of one token with letters and digits or a number after '#'.
        for (var i = 0; i < properties.Count; i++)
        {
            if (!done[i] && IsIdLike(properties[i]) && IdOnSubLine(record) is { } id)
            {
                result[i] = Convert(id, properties[i], Role.Text);
                done[i] = result[i] is not null;
            }
        }

        // 3. The property's role in the whole record (heading, main link, image, price, patterns).
        for (var i = 0; i < properties.Count; i++)
        {
            if (!done[i])
            {
                result[i] = FromRecord(record, properties[i]);
                // The record's summary text already given to another property ("Summary" column) is not also its description.
                if (result[i] is JsonValue v && v.TryGetValue<string>(out var text) && RoleOf(properties[i]) == Role.Description
                    && result.Where((r, j) => j != i && done[j] && r is JsonValue o && o.TryGetValue<string>(out var other) && other == text).Any())
                {
                    result[i] = null;
                }
            }
        }

        // 4. Text properties still without a value take the record's unlabelled captions (a vendor under the title, a
        // "Role · E-1042" sub-line, a neighbourhood in parentheses), in the order the schema lists them and the page shows them.
        if (Enumerable.Range(0, properties.Count).Any(i => result[i] is null && !done[i] && TakesCaption(properties[i])))
        {
            // Not a caption another property took: a labelled element (by the element: a venue and an organizer may both
            // read "Valley Bar"), or a value found by its role (by the text).
            var fromLabels = labelElements.Select(l => l.Property).ToHashSet();
            var used = result.Where((r, i) => !fromLabels.Contains(i)).OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var t) ? t : v.ToJsonString()).ToHashSet(StringComparer.Ordinal);
            var captions = new Queue<string>(CaptionsOf(record, usedElements).Where(c => !used.Contains(c)));
            for (var i = 0; i < properties.Count && captions.Count > 0; i++)
            {
                if (result[i] is null && !done[i] && TakesCaption(properties[i]) && !(top && NoCaptionFor.Contains(properties[i].Name)))
                {
                    result[i] = Convert(captions.Dequeue(), properties[i], Role.Text);
                    if (top && result[i] is not null)
                    {
                        LastCaptioned.Add(properties[i].Name);
                    }
                }
            }
        }

        var obj = new JsonObject();
        filled = 0;
        total = 0;
        for (var i = 0; i < properties.Count; i++)
        {
            var weight = properties[i].Required ? 2 : 1;
            total += weight;
            if (result[i] is not null)
            {
                filled += weight;
                obj[properties[i].Name] = result[i];
            }
        }
        return obj;
    }

    private JsonNode? FromSelector(Record record, PropertySpec property, string selector)
    {
        IElement? element;
        try
        {
            element = record.Query(selector);
        }
        catch (DomException)
        {
            return null; // RetrieveSchema.Check reports bad selectors; here it just matches nothing
        }
        if (element is null)
        {
            return null;
        }
        if (property.Type is FieldType.Object or FieldType.Array)
        {
            return MapStructured(new Record([element]), property);
        }
        var role = RoleOf(property);
        string? raw = role switch
        {
            Role.Url => LinkOf(element) ?? _page.Absolute(element.GetAttribute("src")) ?? HtmlPage.Text(element),
            Role.Image => ImageOf(element) ?? HtmlPage.Text(element),
            Role.Date when element.LocalName == "time" && element.GetAttribute("datetime") is { Length: > 0 } dt => dt,
            _ when element.LocalName is "input" or "select" or "textarea" => element.GetAttribute("value") ?? HtmlPage.Text(element),
            _ when element.LocalName == "meta" => element.GetAttribute("content"),
            _ => HtmlPage.Text(element),
        };
        if (property.Type == FieldType.Boolean && element.LocalName == "input" && element.GetAttribute("type") is "checkbox" or "radio")
        {
            return JsonValue.Create(element.HasAttribute("checked"));
        }
        return Convert(raw, property, role);
    }

    private JsonNode? FromLabel(Record record, PropertySpec property, LabelPair label)
    {
        if (property.Type == FieldType.Array && property.ItemType is not FieldType.Object && RepeatedByClass(record, label) is { } repeated)
        {
            // a.post-tag three times: the list is every element with the class, not the first one's children
            var array = new JsonArray();
            var itemSpec = new PropertySpec { Name = property.Name, Type = property.ItemType, NameTokens = property.NameTokens };
            foreach (var shown in repeated)
            {
                if (Convert(shown, itemSpec, Role.Text) is { } v)
                {
                    array.Add(v);
                }
            }
            return array.Count > 0 ? array : null;
        }
        if (property.Type is FieldType.Object or FieldType.Array)
        {
            return label.Element is null ? null : MapStructured(new Record([label.Element]), property);
        }
        if (property.Type == FieldType.String && IsPluralName(property) && RoleOf(property) == Role.Text && RepeatedByClass(record, label) is { } several)
        {
            return Convert(string.Join(", ", several), property, Role.Text); // "tags": "postgresql, performance"
        }
        if (property.Type == FieldType.String && RoleOf(property) == Role.Text && label.Element is { LocalName: "ul" or "ol" } list
            && list.Children.Where(c => c.LocalName == "li").Select(record.TextOf).Where(t => t.Length > 0).ToList() is { Count: >= 2 } items)
        {
            return Convert(string.Join(", ", items), property, Role.Text); // a labelled list read as text: its items, comma-separated
        }
        var role = RoleOf(property);
        var element = label.Element;
        var text = label.Text.Trim();
        string? raw;
        switch (role)
        {
            case Role.Url:
                raw = element is null ? null : LinkOf(element);
                if (raw is null && LooksLikeUrl(text))
                {
                    raw = _page.Absolute(text.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? "https://" + text : text);
                }
                break;
            case Role.Image:
                raw = element is null ? null : ImageOf(element);
                break;
            case Role.Price when property.Type == FieldType.String && element is not null && PriceTextIn(new Record([element])) is { } shown:
                raw = shown;
                break;
            case Role.Price:
            case Role.OriginalPrice:
                raw = element is null ? ValueParsers.FindMoney(text) : MoneyIn(element, role == Role.OriginalPrice);
                if (raw is null && role == Role.Price && element is not null && !IsStruck(element, element))
                {
                    // A column or label that names the price but shows no currency ("1299.00").
                    raw = ValueParsers.ParseNumber(text) is not null ? text : null;
                }
                if (raw is not null && element is not null && text.Length > 0 && !text.Contains(raw, StringComparison.Ordinal) && label.Weight < 1)
                {
                    raw = ValueParsers.FindMoney(text) ?? raw;
                }
                break;
            case Role.Rating:
                raw = (element is null ? null : RatingIn(element, leafScore: true)) ?? text;
                if (label.FromClass && property.NameTokens.All(RatingWords.Contains) && !raw.Any(char.IsDigit) && !raw.Any(c => c is '★' or '⭐' or '☆' or '½'))
                {
                    raw = null; // a rating block that shows no number or star ("No ratings yet", "New to Staywise")
                }
                break;
            case Role.Date:
                raw = (element is null ? null : DateIn(element)) ?? text;
                break;
            case Role.Email:
                raw = (element is null ? null : MailtoIn(element)) ?? ValueParsers.FindEmail(text) ?? text;
                break;
            case Role.Phone:
                raw = (element is null ? null : TelIn(element)) ?? ValueParsers.FindPhone(text) ?? text;
                break;
            default:
                if (property.Type == FieldType.Boolean && element?.QuerySelector("input[type=checkbox]") is { } box)
                {
                    return JsonValue.Create(box.HasAttribute("checked"));
                }
                if (property.Type == FieldType.Boolean && label.FromClass && ValueParsers.ParseBoolean(text) is null)
                {
                    return Convert(FlagOf(record, property), property, role); // a "LIVE" badge classed sc-live: live is true
                }
                raw = string.IsNullOrWhiteSpace(text) ? null : text;
                if (element is not null && raw is not null)
                {
                    // A value shown as a time ("2h", "Nov 28") is the time it stands for.
                    if (element.QuerySelectorAll("time[datetime], relative-time[datetime]").ToList() is [var time] && HtmlPage.Text(time) == text)
                    {
                        raw = time.GetAttribute("datetime");
                    }
                    else if (record.Cells is not null && element.LocalName is "td" or "th" && PrimaryPart(element) is { } primary)
                    {
                        raw = primary;
                    }
                }
                if (role == Role.Title && raw is not null)
                {
                    raw = TitleText(element, raw);
                }
                else if (raw is { Length: > 2 } && raw[0] == '(' && raw[^1] == ')' && raw.IndexOf('(', 1) < 0)
                {
                    raw = raw[1..^1].Trim(); // " (Kitsilano)": a value shown in brackets is the value
                }
                else if (raw is not null && QuantityIn(raw, property, whole: true) is { } count)
                {
                    raw = count; // "2.1k followers" labelled followers: the count
                }
                else if (raw is not null && property.Type is FieldType.Integer or FieldType.Number && ValueParsers.ParseNumber(raw) is null
                    && QuantityIn(raw, property, whole: false) is { } inSentence)
                {
                    raw = inSentence; // "One person found this helpful" labelled helpful votes: 1
                }
                break;
        }
        return Convert(raw, property, role);
    }

    [GeneratedRegex(@"^#?\d{1,4}[.)]$")]
    private static partial Regex Ordinal();

    /// <summary>
    /// A title read from a labelled element: never a list's ordinal ("1.", a rank cell classed like the
    /// title); the link that opens the text when the rest is an aside ("Story title (site.example)").
    /// </summary>
    private static string? TitleText(IElement? element, string text)
    {
        if (Ordinal().IsMatch(text))
        {
            return null;
        }
        if (element?.QuerySelectorAll("a[href]").Select(HtmlPage.Text).FirstOrDefault(t => t.Length > 0) is { } link
            && link.Length < text.Length && text.StartsWith(link, StringComparison.Ordinal)
            && text[link.Length..].Trim() is { Length: > 0 } rest
            && ((rest[0] == '(' && rest[^1] == ')') || (rest[0] == '[' && rest[^1] == ']') || (link.Length * 2 >= text.Length && rest[0] is '·' or '|' or '—')))
        {
            return link;
        }
        return text;
    }

    private static readonly HashSet<string> SecondaryClassWords = new(StringComparer.Ordinal) { "muted", "subdued", "secondary", "sub", "subtitle", "subtext", "meta", "code", "id", "hint", "caption", "detail", "details", "small", "note", "light", "dim", "grey", "gray", "badge", "pill", "chip", "tag" };

    /// <summary>
    /// A cell holding a name and a secondary part (an id under a br, a small or muted span, a code
    /// beside a name): the name. Null when the cell is one value.
    /// </summary>
    internal static string? PrimaryPart(IElement cell) => CellParts(cell)?.Primary;

    /// <summary>The secondary part of a cell that <see cref="PrimaryPart"/> splits (the id under the name); null otherwise.</summary>
    internal static string? SecondaryPart(IElement cell) => CellParts(cell)?.Secondary;

    private static (string Primary, string Secondary)? CellParts(IElement cell)
    {
        var parts = new List<(INode Node, string Text)>();
        var brSplit = false;
        foreach (var node in cell.ChildNodes)
        {
            if (node is IElement { LocalName: "br" })
            {
                brSplit = parts.Count > 0;
                continue;
            }
            var text = node is IElement el ? HtmlPage.Text(el) : HtmlPage.Collapse(node.TextContent);
            if (text.Length > 0)
            {
                parts.Add((node, text));
            }
        }
        if (parts.Count < 2)
        {
            return parts.Count == 1 && parts[0].Node is IElement only && only.LocalName is "div" or "span" or "p" && only.ChildElementCount >= 2 ? CellParts(only) : null;
        }
        var second = parts[1].Node as IElement;
        var secondary = brSplit
            || second is { LocalName: "small" or "sub" or "sup" or "code" }
            || (second is not null && second.ClassList.Any(c => c.ToLowerInvariant().Split('-', '_').Any(SecondaryClassWords.Contains)))
            || (parts[0].Node is IElement first && first.ClassList.Any(c => c.ToLowerInvariant().Split('-', '_').Any(w => w is "name" or "title" or "primary" or "main")))
            // a link (the name) over a block that labels its own value ("SKU: FH-TOTE-OLV")
            || (parts[0].Node is IElement { LocalName: "a" } && second is not null && HtmlPage.IsBlock(second) && LabelledSubLine().IsMatch(parts[1].Text));
        if (!secondary || parts[0].Text.Length > 120)
        {
            return null;
        }
        // The secondary part is the one after the name (the rest when it is a single value, e.g. an id on its own line).
        return (parts[0].Text, parts[1].Text);
    }

    [GeneratedRegex(@"^\p{L}[\p{L} ]{0,24}:\s*\S")]
    private static partial Regex LabelledSubLine();

    /// <summary>
    /// The first id-shaped part of a leaf line split on separators (·, •, |), not a link's text: one token of at least
    /// three characters with both a letter and a digit ("E-1042", "i-0ab12") or "#" and digits.
    /// </summary>
    internal static string? IdOnSubLine(Record record)
    {
        foreach (var element in record.Descendants)
        {
            if (element.Children.Length > 0 || element.LocalName is "a" or "button" or "script" or "style" || element.Closest("a") is not null)
            {
                continue;
            }
            var text = record.TextOf(element);
            if (text.IndexOfAny(SubLineSeparators) < 0)
            {
                continue;
            }
            foreach (var part in text.Split(SubLineSeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (IdShape().IsMatch(part))
                {
                    return part;
                }
            }
        }
        return null;
    }

    private static readonly char[] SubLineSeparators = ['·', '•', '|'];

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?:#\d{2,}|(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9_-]{2,})$")]
    private static partial System.Text.RegularExpressions.Regex IdShape();


    private static readonly HashSet<string> SavingLabelWords = new(StringComparer.Ordinal) { "cut", "drop", "save", "saving", "discount", "off", "reduced", "reduction", "rebate" };

    private static readonly HashSet<string> GenericLabelWords = new(StringComparer.Ordinal)
    {
        "name", "title", "text", "label", "value", "info", "wrap", "wrapper", "container", "inner", "outer", "box", "link", "card", "item", "tile",
        "result", "row", "entry", "cell", "list", "content", "data", "main", "block", "section", "field", "component",
    };

    /// <summary>
    /// How well a class-like label's subject fits property <paramref name="i"/>: the subject is the label's last word that
    /// is not a generic one ("organizer-name" is about the organizer, "organizer-followers" about followers). A label
    /// about another property of the schema fits badly (0.5); one about something the property does not name fits a
    /// little less (0.97), so that "organizer-name" wins over "organizer-followers" for an organizer.
    /// </summary>
    private static double SubjectFit(IReadOnlyList<PropertySpec> properties, int i, IReadOnlyList<string> tokens)
    {
        var subject = tokens.LastOrDefault(t => !GenericLabelWords.Contains(t) && t.Length > 1);
        if (subject is null || properties[i].NameTokens.Contains(subject))
        {
            return 1.0;
        }
        for (var k = 0; k < properties.Count; k++)
        {
            if (k != i && properties[k].NameTokens.Contains(subject))
            {
                return 0.5;
            }
        }
        return 0.97;
    }

    /// <summary>A property an unlabelled caption may fill: a plain string that no role, pattern or id shape claims.</summary>
    private static bool TakesCaption(PropertySpec property) =>
        property.Type == FieldType.String && property.Selector is null && property.Enum is not { Count: > 0 } && property.Format is null
        && RoleOf(property) == Role.Text && !IsIdLike(property);

    // The word that introduces a value beside it ("By <span>Hana Mori</span>", "From $24"), never a caption itself.
    private static readonly HashSet<string> ConnectingWords = new(StringComparer.OrdinalIgnoreCase) { "By", "From", "In", "At", "And", "With", "For", "Via", "On", "Or", "Of", "To" };

    private static readonly char[] CaptionSeparators = ['·', '•', '|', '‧', '∙'];

    /// <summary>
    /// The record's unlabelled captions after its title, in document order: short texts that start with a capital
    /// letter (a vendor, a job title, a place), split on separators (·, •, |), brackets around them dropped; never a link's
    /// or button's text, hidden or aria-hidden text, money, a date or time, or a text that starts with a digit.
    /// </summary>
    internal List<string> CaptionsOf(Record record, IReadOnlySet<IElement>? taken = null)
    {
        var title = record.Elements.FirstOrDefault(e => IsHeading(e) && record.TextOf(e).Length > 0) ?? MainLinkElement(record);
        var after = title is null;
        var captions = new List<string>();
        foreach (var element in record.Descendants)
        {
            if (!after)
            {
                // the first element after the title that is not inside it
                var position = title!.CompareDocumentPosition(element);
                after = (position & DocumentPositions.Following) != 0 && (position & DocumentPositions.ContainedBy) == 0;
                if (!after)
                {
                    continue;
                }
            }
            if (element.LocalName is "a" or "button" or "label" or "select" or "option" or "script" or "style" or "time" or "svg" or "noscript" or "template"
                || element.Closest("button, label, [aria-hidden=true], time, dt, th, legend") is not null || InOwnLink(element) || IsHeading(element)
                || (taken is not null && taken.Any(t => t == element || t.Contains(element))))
            {
                continue;
            }
            // An element's own text beside its children ("- Condo for sale" after a list of facts), never the word that
            // introduces a time ("Updated <relative-time>").
            var text = element.Children.Length == 0 ? record.TextOf(element)
                : record.TextOf(element).Length > 0 && element.QuerySelector("time, relative-time, local-time, time-ago") is null ? HtmlPage.Collapse(HtmlPage.OwnText(element)) : "";
            if (text.Length is 0 or > 80 || LeadLabel().IsMatch(record.TextOf(element)))
            {
                continue; // "<b>Skills you'll gain:</b> SQL, Tableau": a labelled value, not a caption
            }
            foreach (var raw in text.Split(CaptionSeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var part = raw.Trim('-', '–', '—', ' ', ',', ';');
                if (part.Length > 1 && ((part[0] == '(' && part[^1] == ')') || (part[0] == '[' && part[^1] == ']')))
                {
                    part = part[1..^1].Trim();
                }
                if (part.Length < 2 || !char.IsUpper(part[0]) || part.Contains(':', StringComparison.Ordinal) || ConnectingWords.Contains(part)
                    || (part[^1] is '.' or '!' or '?' && part.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 4) // a sentence, not a name
                    || ValueParsers.LooksLikeMoney(part) || ValueParsers.FindDate(part) is not null || TimeOfDay().IsMatch(part) || DayOrMonthDate().IsMatch(part)
                    || part.Count(char.IsDigit) * 2 > part.Count(char.IsLetter) || HtmlPage.IsSymbolsOnly(part))
                {
                    continue;
                }
                captions.Add(part);
            }
        }
        return captions;
    }

    [GeneratedRegex(@"^[^:\d]{1,40}:\s*\S")]
    private static partial Regex LeadLabel();

    [GeneratedRegex(@"\b\d{1,2}(?::\d{2})?\s*(?:am|pm|AM|PM)\b|\b\d{1,2}:\d{2}\b")]
    private static partial Regex TimeOfDay();

    /// <summary>
    /// Inside a link or button that is a value of its own (a name link, "Show on map"), not inside a link that wraps a
    /// whole card (one holding the card's heading): a card link's texts are the card's.
    /// </summary>
    private static bool InOwnLink(IElement element)
    {
        if (element.Closest("button") is not null)
        {
            return true;
        }
        var link = element.Closest("a");
        return link is not null && !link.Descendants<IElement>().Any(IsHeading);
    }

    /// <summary>A day or date without a year: "Fri, Dec 5", "Sat 6", "December 5", "5 Dec".</summary>
    [GeneratedRegex(@"\b(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b\.?,?\s*(?:\p{L}+\.?\s+)?\d{1,2}\b|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b)", RegexOptions.IgnoreCase)]
    private static partial Regex DayOrMonthDate();

    /// <summary>The first short line of a record that reads as a day or a date and time ("Fri, Dec 5 • 8:00 PM"), outside links.</summary>
    private static string? DateLine(Record record) =>
        record.Descendants.Where(e => e.Children.Length == 0 && !InOwnLink(e))
            .Select(record.TextOf).FirstOrDefault(t => t.Length is > 0 and <= 60 && DayOrMonthDate().IsMatch(t))
        ?? record.Descendants.Where(e => e.Children.Length == 0 && !InOwnLink(e))
            .Select(record.TextOf).FirstOrDefault(t => t.Length is > 0 and <= 40 && RelativeTime().IsMatch(t));

    /// <summary>A time said relative to now: "3 weeks ago", "Streamed 2 days ago", "yesterday", "just now", "5h ago".</summary>
    [GeneratedRegex(@"^(?:\p{L}+\s+)?(?:(?:\d+|an?|one)\s*(?:s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|wk|wks|weeks?|mo|mos|months?|y|yr|yrs|years?)\s+ago|yesterday|today|just now)$", RegexOptions.IgnoreCase)]
    private static partial Regex RelativeTime();

    /// <summary>An identifier-like property ("instance_id", "id", "uuid", "arn").</summary>
    internal static bool IsIdLike(PropertySpec property) =>
        property.Type is FieldType.String or FieldType.Integer or FieldType.Number
        && property.NameTokens.Count > 0 && property.NameTokens[^1] is "id" or "identifier" or "uuid" or "guid" or "arn" or "ref";

    private JsonNode? FromRecord(Record record, PropertySpec property)
    {
        if (property.Type is FieldType.Object)
        {
            // No element names the object: fill its properties from labels that name both ("seller name").
            var combined = property.Children.Select(c => new PropertySpec
            {
                Name = c.Name,
                Type = c.Type,
                Format = c.Format,
                Required = c.Required,
                Nullable = c.Nullable,
                Enum = c.Enum,
                Children = c.Children,
                ItemType = c.ItemType,
                NameTokens = [.. property.NameTokens, .. c.NameTokens],
                DescriptionTokens = c.DescriptionTokens,
            }).ToList();
            var obj = new JsonObject();
            foreach (var child in combined)
            {
                var best = record.Labels
                    .Select(l => (Label: l, Score: Words.Match(child.NameTokens, [], l.Tokens, synonyms: !l.FromClass) * l.Weight))
                    .Where(x => x.Score >= 0.6)
                    .OrderByDescending(x => x.Score)
                    .Select(x => FromLabel(record, child, x.Label))
                    .FirstOrDefault(v => v is not null);
                if (best is not null)
                {
                    obj[child.Name] = best;
                }
            }
            return obj.Count > 0 ? obj : null;
        }
        if (property.Type is FieldType.Array)
        {
            return null; // a list inside a record needs an element that names it (a label or x-selector)
        }
        var role = RoleOf(property);
        if (property.Type == FieldType.Boolean && role == Role.Text)
        {
            return Convert(FlagOf(record, property), property, role);
        }
        string? raw = role switch
        {
            Role.Title => TitleOf(record),
            Role.Url => MainLink(record),
            Role.Image => record.Roots.Select(ImageOf).FirstOrDefault(i => i is not null),
            Role.Price when property.Type == FieldType.String => PriceTextIn(record),
            Role.Price => record.Roots.Select(r => MoneyIn(r, false)).FirstOrDefault(m => m is not null),
            Role.OriginalPrice => record.Roots.Select(r => MoneyIn(r, true)).FirstOrDefault(m => m is not null),
            Role.Rating => record.Roots.Select(RatingIn).FirstOrDefault(r => r is not null),
            Role.Date => record.Roots.Select(DateIn).FirstOrDefault(d => d is not null) ?? (property.Format is null && property.Type == FieldType.String ? DateLine(record) : null),
            Role.Email => record.Roots.Select(MailtoIn).FirstOrDefault(m => m is not null) ?? ValueParsers.FindEmail(record.Text),
            Role.Phone => record.Roots.Select(TelIn).FirstOrDefault(m => m is not null) ?? ValueParsers.FindPhone(record.Text),
            Role.Description => DescriptionOf(record),
            Role.Sponsored => record.Sponsored ? "true" : "false",
            Role.Author => AuthorOf(record),
            Role.Handle => HandlePattern().Match(record.Text) is { Success: true } h ? h.Value : null,
            _ when IsDurationName(property.NameTokens) => DurationIn(record),
            // "1.17.1", "v8.0.1": a version number shown on its own
            _ when property.NameTokens is [.., "version"] => record.Descendants.Where(e => e.Children.Length == 0).Select(record.TextOf).FirstOrDefault(t => VersionText().IsMatch(t)) is { } version
                ? version : null,
            // "number" of an issue, an order, a ticket: the "#4821" the record shows (outside its links' own text)
            _ when property.NameTokens is [.., "number" or "num" or "no"] => HashNumber().Match(record.Text) is { Success: true } hash
                ? property.Type == FieldType.String ? hash.Value : hash.Groups[1].Value : null,
            _ => null,
        };
        raw ??= QuantityOf(record, property);
        return Convert(raw, property, role);
    }

    private static readonly HashSet<string> NegationWords = new(StringComparer.Ordinal) { "not", "no", "non", "out", "without", "never", "unavailable" };

    /// <summary>
    /// A yes/no property shown as a badge: true when a short text of the record says the property's word ("Verified
    /// Purchase" for verified), false when it says it negated ("Not verified", "Out of stock") or does not say it.
    /// </summary>
    private static string FlagOf(Record record, PropertySpec property)
    {
        var words = property.NameTokens.Where(w => w.Length >= 3 && w is not ("has" or "can")).ToList();
        if (words.Count == 0)
        {
            return "false";
        }
        foreach (var element in record.Descendants)
        {
            if (element.Children.Length > 0 || record.TextOf(element) is not { Length: > 0 and <= 40 } text)
            {
                continue;
            }
            var tokens = Words.Tokens(text, keepStopWords: true);
            foreach (var t in tokens)
            {
                if (words.Any(w => t == w || (t.StartsWith("un", StringComparison.Ordinal) && t[2..] == w)))
                {
                    return t.StartsWith("un", StringComparison.Ordinal) && !words.Contains(t) || tokens.Any(NegationWords.Contains) ? "false" : "true";
                }
            }
        }
        return "false";
    }

    /// <summary>A nested object or an array, read inside one element.</summary>
    private JsonNode? MapStructured(Record scope, PropertySpec property)
    {
        if (property.Type == FieldType.Object)
        {
            var obj = Map(scope, property.Children, out var filled, out _);
            return filled > 0 ? obj : null;
        }
        var root = scope.Roots[0];
        // The repeated children of the element (or of its only child, a ul inside a div).
        var container = root;
        while (container.Children.Length == 1 && container.Children[0].Children.Length > 0)
        {
            container = container.Children[0];
        }
        var items = container.Children.Where(c => c.LocalName is not ("br" or "hr")).ToList();
        var array = new JsonArray();
        if (property.ItemType == FieldType.Object)
        {
            foreach (var item in items)
            {
                var obj = Map(new Record([item]), property.Children, out var filled, out _);
                if (filled > 0)
                {
                    array.Add(obj);
                }
            }
        }
        else
        {
            var texts = items.Count >= 2
                ? items.Select(HtmlPage.Text).Where(t => t.Length > 0).ToList()
                : [.. HtmlPage.Text(root).Split([',', ';', '·', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            var itemSpec = new PropertySpec { Name = property.Name, Type = property.ItemType, NameTokens = property.NameTokens };
            foreach (var t in texts)
            {
                if (Convert(t, itemSpec, Role.Text) is { } v)
                {
                    array.Add(v);
                }
            }
        }
        return array.Count > 0 ? array : null;
    }

    /// <summary>Parses a text to the property's type; a text that does not parse stays a string (and then fails validation).</summary>
    public JsonNode? Convert(string? raw, PropertySpec property, Role role)
    {
        if (raw is null)
        {
            return null;
        }
        var text = HtmlPage.Collapse(raw);
        if (text.Length == 0 || (HtmlPage.IsSymbolsOnly(text) && !(property.Type == FieldType.Boolean && HtmlPage.IsCheckGlyph(text))))
        {
            return null; // "—", "⋮", "★": a glyph is never a value
        }
        if (role == Role.Author)
        {
            text = ByPrefix().Replace(text, "");
        }
        switch (property.Type)
        {
            case FieldType.Number:
                {
                    var n = role == Role.Rating ? ValueParsers.FindRating(text) ?? ValueParsers.ParseNumber(text) : ValueParsers.ParseNumber(text);
                    // "New to Staywise" where a nullable score goes, "No ratings yet": the page shows no number, so none.
                    return n is { } d ? JsonValue.Create(d) : property.Nullable ? null : JsonValue.Create(text);
                }
            case FieldType.Integer:
                {
                    var n = ValueParsers.ParseNumber(text);
                    if (n is { } d && d == Math.Floor(d) && Math.Abs(d) < 9e15)
                    {
                        return JsonValue.Create((long)d);
                    }
                    return n is { } frac ? JsonValue.Create(frac) : property.Nullable ? null : JsonValue.Create(text);
                }
            case FieldType.Boolean:
                {
                    var b = ValueParsers.ParseBoolean(text);
                    return b is { } v ? JsonValue.Create(v) : JsonValue.Create(text);
                }
            default:
                return JsonValue.Create(StringValue(property.Enum is { Count: > 0 } ? text : WithoutIconTokens(text), property, role));
        }
    }

    /// <summary>Glyph-only words at either end of a value (a "›" chevron, a "⋮" menu, a "×" close, a "★" icon) are not part of it.</summary>
    internal static string WithoutIconTokens(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var start = 0;
        var end = words.Length;
        while (start < end && IsIconToken(words[start]))
        {
            start++;
        }
        while (end > start && IsIconToken(words[end - 1]))
        {
            end--;
        }
        return start == 0 && end == words.Length ? text : start == end ? text : string.Join(' ', words[start..end]);
    }

    private static bool IsIconToken(string word) =>
        word.All(c => c is '†' or '‡' or '§' or '¶' or '*') || word.All(c => c is not ('+' or '−' or '-' or '=' or '<' or '>' or '~' or '|' or '^') && char.GetUnicodeCategory(c) switch
        {
            UnicodeCategory.MathSymbol or UnicodeCategory.OtherSymbol => true,
            UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation => c is '‹' or '›' or '«' or '»',
            UnicodeCategory.NonSpacingMark or UnicodeCategory.Format => true, // variation selectors and joiners of emoji
            UnicodeCategory.Surrogate => true,
            _ => false,
        });

    private string StringValue(string text, PropertySpec property, Role role)
    {
        if (property.Enum is { Count: > 0 } options)
        {
            var match = options.FirstOrDefault(o => string.Equals(o, text, StringComparison.OrdinalIgnoreCase))
                ?? options.FirstOrDefault(o => Words.Tokens(o).SequenceEqual(Words.Tokens(text)));
            if (match is not null)
            {
                return match;
            }
        }
        var format = property.Format?.ToLowerInvariant();
        if (format is "uri" or "iri" or "uri-reference" or "iri-reference" && !Uri.IsWellFormedUriString(text, UriKind.Absolute) && LooksLikeUrl(text))
        {
            return _page.Absolute(text) ?? text;
        }
        if (format is "date" or "date-time")
        {
            return ValueParsers.NormaliseDate(text, format == "date-time") ?? text;
        }
        if (role == Role.Rating && ValueParsers.FindRating(text) is { } rating)
        {
            return rating.ToString(CultureInfo.InvariantCulture);
        }
        return text;
    }

    [GeneratedRegex(@"^(?:(?:written|posted|recipe|photos?|story|words|reported|submitted|shared|created|uploaded)\s+)?by\s+", RegexOptions.IgnoreCase)]
    private static partial Regex ByPrefix();

    private static bool LooksLikeUrl(string text) =>
        !text.Contains(' ', StringComparison.Ordinal) && (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || text.StartsWith('/') || text.StartsWith("www.", StringComparison.OrdinalIgnoreCase));

    // ---- roles -------------------------------------------------------------------------------

    private string? TitleOf(Record record)
    {
        var heading = record.Elements.FirstOrDefault(e => IsHeading(e) && record.TextOf(e).Length > 0)
            ?? record.Elements.FirstOrDefault(e => e.GetAttribute("itemprop") == "name" && record.TextOf(e).Length > 0);
        if (heading is not null)
        {
            return record.TextOf(heading);
        }
        // An element named for it (p.tile-title, span.product-name) before the main link's whole text (a tile that is one link).
        var named = record.Descendants.FirstOrDefault(e => e.ClassList.Any(c => c.ToLowerInvariant().Split('-', '_').Any(w => w is "title" or "name" or "heading" or "headline"))
            && record.TextOf(e) is { Length: > 0 and <= 200 } t && ValueParsers.FindMoney(t) is null);
        if (named is not null && MainLinkElement(record) is { } whole && record.Roots.Contains(whole))
        {
            return record.TextOf(named);
        }
        if (MainLinkElement(record) is { } link && record.TextOf(link) is { Length: > 0 } l)
        {
            return l;
        }
        if (record.Roots[0].LocalName == "dt")
        {
            return record.TextOf(record.Roots[0]);
        }
        if (record.Cells is { } cells && cells.FirstOrDefault(c => c is not null && record.TextOf(c).Length > 0) is { } first)
        {
            return record.TextOf(first);
        }
        if (record.Elements.FirstOrDefault(e => e.LocalName is "strong" or "b" && record.TextOf(e).Length > 0) is { } strong)
        {
            return record.TextOf(strong);
        }
        return record.Text.Length is > 0 and <= 200 ? record.Text : null;
    }

    private string? MainLink(Record record) => MainLinkElement(record) is { } a ? _page.Absolute(a.GetAttribute("href")) : null;

    private IElement? MainLinkElement(Record record)
    {
        var links = record.Elements.Where(a => a.LocalName == "a" && a.HasAttribute("href") && !IsActionLink(a) && _page.Absolute(a.GetAttribute("href")) is not null).ToList();
        if (links.Count == 0)
        {
            return null;
        }
        // The link in (or around) the record's first heading; else a link named as that heading (a full-card overlay link
        // whose only text, or aria-label, is the title) before a link in a later heading (a company under the job title);
        // else the one with the most text, else the first (an image link).
        var first = record.Elements.FirstOrDefault(e => IsHeading(e) && record.TextOf(e).Length > 0);
        var inFirst = first is null ? null : links.FirstOrDefault(a => first.Contains(a) || a.Contains(first));
        if (inFirst is not null)
        {
            return inFirst;
        }
        if (first is not null && record.TextOf(first) is var titleText
            && links.FirstOrDefault(a => string.Equals(record.TextOf(a), titleText, StringComparison.OrdinalIgnoreCase)
                || string.Equals(a.GetAttribute("aria-label")?.Trim(), titleText, StringComparison.OrdinalIgnoreCase)) is { } named)
        {
            return named;
        }
        var inHeading = links.FirstOrDefault(a => InHeading(a, record) || a.Descendants<IElement>().Any(IsHeading));
        // Most text counts letters, not digits: a name link before a coordinates or an amount link beside it.
        return inHeading ?? links.OrderByDescending(a => record.TextOf(a).Count(char.IsLetter)).ThenByDescending(a => record.TextOf(a).Length).First();
    }

    private static bool IsHeading(IElement e) =>
        e.LocalName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6" || e.GetAttribute("role") == "heading";

    private static bool InHeading(IElement element, Record record)
    {
        for (var e = element.ParentElement; e is not null; e = e.ParentElement)
        {
            if (IsHeading(e))
            {
                return true;
            }
            if (record.Roots.Contains(e))
            {
                return false;
            }
        }
        return false;
    }

    private static bool IsActionLink(IElement a)
    {
        var href = a.GetAttribute("href") ?? "";
        return href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) || href.StartsWith("tel:", StringComparison.OrdinalIgnoreCase);
    }

    private string? LinkOf(IElement element)
    {
        var a = element.LocalName == "a" && element.HasAttribute("href") ? element : element.Closest("a[href]") ?? element.QuerySelector("a[href]");
        return a is null ? null : _page.Absolute(a.GetAttribute("href"));
    }

    private static readonly string[] LazySrcAttributes = ["data-src", "data-lazy-src", "data-original", "data-lazy", "data-original-src", "data-hi-res-src", "data-full-src"];
    private static readonly string[] LazySrcsetAttributes = ["data-srcset", "data-lazy-srcset", "data-original-srcset"];
    private static readonly string[] BackgroundAttributes = ["data-bg", "data-background", "data-bg-src", "data-background-image", "data-lazy-background"];

    /// <summary>
    /// The main image's URL, absolute: a real src (not a placeholder a lazy loader replaces), else the
    /// largest srcset candidate, a lazy-load attribute (data-srcset, data-src, data-original…), a
    /// picture source, the noscript fallback, else a CSS background-image or data-bg.
    /// </summary>
    public string? ImageOf(IElement element)
    {
        var img = element.LocalName == "img" ? element : element.QuerySelectorAll("img").FirstOrDefault(i => !IsPixel(i));
        if (img is not null)
        {
            var src = img.GetAttribute("src");
            var lazy = LazySrcAttributes.Select(img.GetAttribute).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v) && !v.StartsWith("data:", StringComparison.OrdinalIgnoreCase));
            var lazySet = LazySrcsetAttributes.Select(img.GetAttribute).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
            var placeholder = string.IsNullOrWhiteSpace(src) || src.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
                || ((lazy is not null && lazy != src) || (lazySet is not null && !lazySet.Contains(src, StringComparison.Ordinal)));
            if (!placeholder)
            {
                return _page.Absolute(src);
            }
            if (LargestFromSrcset(img.GetAttribute("srcset")) is { } fromSet && !fromSet.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                return _page.Absolute(fromSet);
            }
            if (LargestFromSrcset(lazySet) is { } fromLazySet)
            {
                return _page.Absolute(fromLazySet);
            }
            if (lazy is not null)
            {
                return _page.Absolute(lazy);
            }
            if (img.ParentElement?.LocalName == "picture")
            {
                foreach (var source in img.ParentElement.QuerySelectorAll("source"))
                {
                    var set = source.GetAttribute("srcset") is { } ss && !ss.StartsWith("data:", StringComparison.OrdinalIgnoreCase) ? ss : source.GetAttribute("data-srcset");
                    if (LargestFromSrcset(set) is { } best)
                    {
                        return _page.Absolute(best);
                    }
                }
            }
            if (img.GetAttribute("data-ops-noscript-src") is { Length: > 0 } fallback)
            {
                return _page.Absolute(fallback);
            }
        }
        foreach (var e in (IEnumerable<IElement>)[element, .. element.QuerySelectorAll("[style*=background], [data-bg], [data-background], [data-bg-src], [data-background-image], [data-lazy-background]")])
        {
            var m = BackgroundUrl().Match(e.GetAttribute("style") ?? "");
            if (m.Success)
            {
                return _page.Absolute(m.Groups[1].Value.Trim());
            }
            if (BackgroundAttributes.Select(e.GetAttribute).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) is { } bg)
            {
                var url = BackgroundUrl().Match("background:url(" + bg + ")");
                return _page.Absolute(bg.StartsWith("url(", StringComparison.OrdinalIgnoreCase) && url.Success ? url.Groups[1].Value : bg);
            }
        }
        return null;
    }

    private static bool IsPixel(IElement img) =>
        img.GetAttribute("width") is "0" or "1" or "2" || img.GetAttribute("height") is "0" or "1" or "2";

    [GeneratedRegex(@"background(?:-image)?\s*:[^;]*?url\(\s*['""]?([^'"")]+)['""]?\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex BackgroundUrl();

    public static string? LargestFromSrcset(string? srcset)
    {
        if (string.IsNullOrWhiteSpace(srcset))
        {
            return null;
        }
        string? best = null;
        var bestSize = double.MinValue;
        foreach (var candidate in srcset.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = candidate.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var size = 1.0;
            if (parts.Length > 1 && parts[1].Length > 1 && double.TryParse(parts[1][..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var s))
            {
                size = s;
            }
            if (size > bestSize)
            {
                bestSize = size;
                best = parts[0];
            }
        }
        return best;
    }

    private static readonly HashSet<string> StruckClassWords = new(StringComparer.Ordinal) { "was", "original", "old", "compare", "regular", "list", "strike", "strikethrough", "striked", "crossed", "before", "msrp", "rrp", "del" };
    private static readonly HashSet<string> CurrentClassWords = new(StringComparer.Ordinal) { "sale", "current", "now", "final", "offer", "special", "discount", "discounted", "new", "price", "actual" };

    /// <summary>Whether an element (up to <paramref name="scope"/>) is struck through: s/del/strike, a was/original class, line-through.</summary>
    public static bool IsStruck(IElement element, IElement scope) => StruckBy(element, scope) != Strike.None;

    private enum Strike
    {
        None,
        /// <summary>Only a class name says so ("price-item--regular", "list-price"): an off-sale price is classed the same.</summary>
        Class,
        /// <summary>Drawn struck through: s, del, strike or a line-through style.</summary>
        Drawn,
    }

    private static Strike StruckBy(IElement element, IElement scope)
    {
        var result = Strike.None;
        for (var e = element; e is not null; e = e.ParentElement)
        {
            if (e.LocalName is "s" or "del" or "strike")
            {
                return Strike.Drawn;
            }
            if ((e.GetAttribute("style") ?? "").Replace(" ", "", StringComparison.Ordinal).Contains("line-through", StringComparison.OrdinalIgnoreCase))
            {
                return Strike.Drawn;
            }
            // data-a-strike="true", data-strikethrough: a data attribute that says the price is struck
            if (e.Attributes.Any(a => a.Name.StartsWith("data-", StringComparison.Ordinal) && (a.Name.Contains("strike", StringComparison.Ordinal) || a.Name.Contains("struck", StringComparison.Ordinal))
                && !a.Value.Equals("false", StringComparison.OrdinalIgnoreCase) && a.Value != "0"))
            {
                return Strike.Drawn;
            }
            if (e.ClassList.Any(c => c.ToLowerInvariant().Split('-', '_').Any(StruckClassWords.Contains)))
            {
                result = Strike.Class;
            }
            if (e == scope)
            {
                break;
            }
        }
        return result;
    }

    [GeneratedRegex(@"(?:was|orig\w*|list|reg\w*|msrp|rrp|before|compare\w*(?:\s+at)?)\s*:?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex WasBefore();

    [GeneratedRegex(@"(?:save|saving|savings|you save|discount|rebate|off|price cut|price drop|reduced by|cut|drop)\s*:?\s*(?:up to\s*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex SavingBefore();

    /// <summary>The current price in an element (or, with <paramref name="struck"/>, the original one beside it).</summary>
    private static string? MoneyIn(IElement scope, bool struck)
    {
        var found = new List<(string Money, Strike Strike, bool Current)>();
        // The smallest elements whose text holds a price ("£" and "149.00" may be in two spans of one bdi).
        var holders = new List<(IElement Element, string Text)>();
        void Walk(IElement e)
        {
            var before = holders.Count;
            foreach (var child in e.Children)
            {
                Walk(child);
            }
            if (holders.Count > before)
            {
                // children hold prices: this element's own text nodes may too ("Was $20 <b>$15</b>")
                var own = HtmlPage.OwnText(e);
                if (ValueParsers.FindAllMoney(own).Count > 0)
                {
                    holders.Add((e, own));
                }
                return;
            }
            var text = HtmlPage.Text(e);
            if (text.Length <= 200 && ValueParsers.FindAllMoney(text).Count > 0)
            {
                holders.Add((e, text));
            }
        }
        Walk(scope);
        foreach (var (holder, text) in holders)
        {
            var matches = ValueParsers.FindAllMoney(text);
            var holderStruck = StruckBy(holder, scope);
            var current = holder.ClassList.Any(c => c.ToLowerInvariant().Split('-', '_').Any(CurrentClassWords.Contains))
                || holder.Closest("ins") is { } ins && scope.Contains(ins);
            foreach (var (value, index) in matches)
            {
                var before = text[..index];
                var tail = before.Length > 24 ? before[^24..] : before;
                var after = text[(index + value.Length)..].TrimStart();
                if (SavingBefore().IsMatch(tail) || after.StartsWith("off", StringComparison.OrdinalIgnoreCase))
                {
                    continue; // "Save $30", "$30 off": a discount, not a price
                }
                var strike = holderStruck == Strike.None && WasBefore().IsMatch(tail) ? Strike.Class : holderStruck;
                found.Add((value, strike, current && strike != Strike.Drawn));
            }
        }
        if (found.Count == 0)
        {
            return null;
        }
        // The current price: never one drawn struck through; one no class calls "regular"/"was" before one that does
        // (an off-sale price is often classed "regular"), a "sale"/"current"/ins one first.
        var currents = found.Where(f => f.Strike == Strike.None).ToList();
        if (currents.Count == 0)
        {
            currents = found.Where(f => f.Strike == Strike.Class).ToList();
        }
        var now = currents.FirstOrDefault(f => f.Current).Money ?? currents.FirstOrDefault().Money;
        if (!struck)
        {
            return now;
        }
        // The original price: one drawn struck through, else one a class or "Was" calls original; never the current
        // price again (an off-sale card shows one price, classed "regular" or not: no original).
        var originals = found.Where(f => f.Strike == Strike.Drawn).ToList();
        if (originals.Count == 0)
        {
            originals = found.Where(f => f.Strike == Strike.Class).ToList();
        }
        return originals.Select(f => f.Money).FirstOrDefault(m => now is null || !SameMoney(m, now));
    }

    private static readonly HashSet<string> FreeWords = new(StringComparer.OrdinalIgnoreCase) { "free", "gratis", "included", "no charge", "free entry", "free admission" };

    private static readonly HashSet<string> PriceWordsShown = new(StringComparer.OrdinalIgnoreCase) { "usd", "eur", "gbp", "cad", "aud", "each", "/mo", "mo", "month", "night", "per" };

    /// <summary>
    /// A price asked for as text, as the page shows it: a range ("$45.00 – $120.00") or a price with its currency code or
    /// unit ("$89.00 USD", "$2,350 /mo") whole, else the current price ("From $32.00" gives "$32.00", as before); "Free" (or "Included", "No charge") in a price element when it shows no money.
    /// </summary>
    private static string? PriceTextIn(Record record)
    {
        var money = record.Roots.Select(r => MoneyIn(r, false)).FirstOrDefault(m => m is not null);
        if (money is null)
        {
            return record.Elements.Where(e => e.Children.Length == 0 && e.ClassList.Any(c => c.ToLowerInvariant().Split('-', '_').Contains("price")))
                .Select(record.TextOf).FirstOrDefault(t => FreeWords.Contains(t));
        }
        var holder = record.Elements.LastOrDefault(e => record.TextOf(e) is { Length: <= 40 } t && t.Contains(money, StringComparison.Ordinal));
        if (holder is null || holder.QuerySelector("s, del, strike") is not null)
        {
            return money;
        }
        var text = record.TextOf(holder);
        var all = ValueParsers.FindAllMoney(text);
        if (all.Count == 2 && all[0].Value == money && text[(all[0].Index + all[0].Value.Length)..all[1].Index].Trim() is "-" or "–" or "—" or "to")
        {
            return text;
        }
        var rest = (text[..text.IndexOf(money, StringComparison.Ordinal)] + " " + text[(text.IndexOf(money, StringComparison.Ordinal) + money.Length)..]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return all.Count == 1 && rest.Length <= 2 && rest.All(PriceWordsShown.Contains) ? text : money;
    }

    private static bool SameMoney(string a, string b) =>
        a == b || (ValueParsers.ParseNumber(a) is { } x && ValueParsers.ParseNumber(b) is { } y && x == y);

    private static void Collect(INode node, List<IText> texts)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText t)
            {
                texts.Add(t);
            }
            else if (child is IElement)
            {
                Collect(child, texts);
            }
        }
    }

    private static string? RatingIn(IElement scope) => RatingIn(scope, leafScore: false);

    /// <summary>The rating in an element; with <paramref name="leafScore"/> (an element labelled as the rating) also its bare-score leaf.</summary>
    private static string? RatingIn(IElement scope, bool leafScore)
    {
        foreach (var e in (IEnumerable<IElement>)[scope, .. scope.QuerySelectorAll("*")])
        {
            if (e.GetAttribute("data-rating") is { } dr && ValueParsers.ParseNumber(dr) is not null)
            {
                return dr;
            }
            if (e.GetAttribute("itemprop") == "ratingValue")
            {
                return e.GetAttribute("content") ?? HtmlPage.Text(e);
            }
            foreach (var attr in new[] { "aria-label", "title", "alt" })
            {
                if (e.GetAttribute(attr) is { } a && ValueParsers.FindRating(a) is { } r)
                {
                    return r.ToString(CultureInfo.InvariantCulture);
                }
            }
        }
        var text = HtmlPage.Text(scope);
        if (ValueParsers.FindRating(text) is { } found)
        {
            return found.ToString(CultureInfo.InvariantCulture);
        }
        // A score block ("9.1 Superb 1,482 reviews"): its leaf that is a bare score ("9.1"), not the count beside it.
        return !leafScore ? null : scope.QuerySelectorAll("*").Where(e => e.ChildElementCount == 0).Select(HtmlPage.Text)
            .FirstOrDefault(t => BareScore().IsMatch(t) && ValueParsers.ParseNumber(t) is <= 10);
    }

    [GeneratedRegex(@"^\d{1,2}(?:[.,]\d)?$")]
    private static partial Regex BareScore();

    [GeneratedRegex(@"^v?\d+\.\d+(?:\.\d+)?(?:[-+][0-9A-Za-z.-]+)?$")]
    private static partial Regex VersionText();

    [GeneratedRegex(@"(?<![\w&])#(\d{1,10})\b")]
    private static partial Regex HashNumber();

    private static string? DateIn(IElement scope)
    {
        var time = scope.LocalName is "time" or "relative-time" or "local-time" ? scope : scope.QuerySelector("time, relative-time, local-time, time-ago");
        if (time is not null)
        {
            return time.GetAttribute("datetime") is { Length: > 0 } dt ? dt : HtmlPage.Text(time);
        }
        return ValueParsers.FindDate(HtmlPage.Text(scope));
    }

    private static string? MailtoIn(IElement scope)
    {
        var a = scope.LocalName == "a" && (scope.GetAttribute("href") ?? "").StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? scope : scope.QuerySelector("a[href^='mailto:' i]");
        if (a is null)
        {
            return null;
        }
        var address = a.GetAttribute("href")![7..];
        var q = address.IndexOf('?', StringComparison.Ordinal);
        return Uri.UnescapeDataString(q >= 0 ? address[..q] : address);
    }

    private static string? TelIn(IElement scope)
    {
        var a = scope.LocalName == "a" && (scope.GetAttribute("href") ?? "").StartsWith("tel:", StringComparison.OrdinalIgnoreCase) ? scope : scope.QuerySelector("a[href^='tel:' i]");
        if (a is null)
        {
            return null;
        }
        var text = HtmlPage.Text(a);
        return text.Count(char.IsDigit) >= 7 ? text : Uri.UnescapeDataString(a.GetAttribute("href")![4..]);
    }

    private static readonly HashSet<string> AuthorClassWords = new(StringComparer.Ordinal) { "author", "byline", "username", "user", "hnuser", "creator", "writer", "poster", "by", "reviewer", "profile" };

    /// <summary>Who wrote it: rel=author or itemprop=author, an author/byline/user class, a "By …" text.</summary>
    private static string? AuthorOf(Record record)
    {
        var rel = record.Elements.Where(e => (e.GetAttribute("rel") ?? "").Split(' ').Contains("author", StringComparer.OrdinalIgnoreCase)).Select(record.TextOf).Where(t => t.Length > 0).ToList();
        if (rel.Count > 0)
        {
            return string.Join(" and ", rel);
        }
        var marked = record.Descendants.FirstOrDefault(e => (e.GetAttribute("itemprop") == "author" || e.ClassList.Any(c => c.ToLowerInvariant().Split('-', '_').Any(AuthorClassWords.Contains))) && record.TextOf(e).Length is > 0 and <= 80);
        if (marked is not null)
        {
            // A user card ("mara 2,311 asked Dec 1"): the profile link's text is the name.
            var linked = marked.QuerySelectorAll("a[href]").Select(record.TextOf).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            return linked is [var only] && only.Length < record.TextOf(marked).Length ? only : record.TextOf(marked);
        }
        // "Posted by <a>ada</a>", "By <span>Mei Chen</span>": the element a "by" leads into, whatever its case.
        var led = record.Descendants.FirstOrDefault(e => e.PreviousSibling is AngleSharp.Dom.IText t && ByBefore().IsMatch(t.Data) && record.TextOf(e).Length is > 0 and <= 80 && !HtmlPage.IsSymbolsOnly(record.TextOf(e)));
        if (led is not null)
        {
            return record.TextOf(led);
        }
        var m = ByLine().Match(record.Text);
        if (m.Success)
        {
            return m.Groups[1].Value;
        }
        // A profile link (/~mcollina, /@dbweekly, /users/311/mara): its text is who.
        return record.Descendants.Where(e => e.LocalName == "a" && IsProfileLink(e.GetAttribute("href"))).Select(record.TextOf)
            .FirstOrDefault(t => t.Length is > 0 and <= 60 && !HtmlPage.IsSymbolsOnly(t));
    }

    private static readonly HashSet<string> ProfileFolders = new(StringComparer.OrdinalIgnoreCase) { "user", "users", "u", "profile", "profiles", "people", "member", "members", "author", "authors", "~" };

    /// <summary>A link to a person's page: a path starting /~name or /@name, or under /user(s)/, /profile/, /people/, /members/, /authors/.</summary>
    internal static bool IsProfileLink(string? href)
    {
        if (string.IsNullOrEmpty(href))
        {
            return false;
        }
        var path = Uri.TryCreate(href, UriKind.Absolute, out var abs) ? abs.AbsolutePath : href.Split('?', '#')[0];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 1 && ((segments[0].Length > 1 && segments[0][0] is '~' or '@') || (segments.Length >= 2 && ProfileFolders.Contains(segments[0])));
    }

    [GeneratedRegex(@"(?:^|\W)by\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex ByBefore();

    [GeneratedRegex(@"\bby\s+(\p{Lu}[\p{L}.'-]*(?:\s+\p{Lu}[\p{L}.'-]*){0,3})")]
    private static partial Regex ByLine();

    [GeneratedRegex(@"(?<![\w@])@[A-Za-z0-9_]{1,30}\b")]
    private static partial Regex HandlePattern();

    /// <summary>
    /// "412 points", "3 bds", "2 ba", "551ft2", "2.1k followers", "47 people found this helpful": the number before a
    /// word that names the property (its name first, then its description), whole or abbreviated.
    /// </summary>
    private static string? QuantityOf(Record record, PropertySpec property) =>
        property.Type is FieldType.Object or FieldType.Array or FieldType.Boolean ? null : QuantityIn(record.Text, property, whole: false);

    /// <summary>
    /// The number in <paramref name="text"/> before a word naming the property (see <see cref="QuantityOf"/>); with
    /// <paramref name="whole"/>, only when the text is that number and a word of the property's name ("2.1k followers").
    /// </summary>
    internal static string? QuantityIn(string text, PropertySpec property, bool whole, bool nameOnly = false)
    {
        var groups = whole || nameOnly ? [property.NameTokens] : new[] { property.NameTokens, property.DescriptionTokens };
        foreach (var words in groups)
        {
            var usable = words.Where(w => w.Length >= 3 && !NotUnits.Contains(w)).ToList();
            if (usable.Count == 0)
            {
                continue;
            }
            foreach (Match m in (whole ? WholeQuantity() : Quantity()).Matches(text))
            {
                var unit = m.Groups["unit"].Value.ToLowerInvariant();
                if (!NotUnits.Contains(unit) && usable.Any(w => UnitNames(unit, w)))
                {
                    var number = m.Groups["n"].Value.Trim();
                    return NumberWords.TryGetValue(number.ToLowerInvariant(), out var digits) ? digits : number;
                }
            }
        }
        return null;
    }

    private static readonly HashSet<string> NotUnits = new(StringComparer.Ordinal)
    {
        "in", "on", "at", "of", "to", "by", "or", "an", "as", "is", "it", "the", "and", "for", "per", "ago", "off", "out", "from", "with", "more", "less", "than", "number", "count", "total", "how", "many", "st", "nd", "rd", "th",
    };

    private static readonly Dictionary<string, string> NumberWords = new(StringComparer.Ordinal)
    {
        ["one"] = "1", ["two"] = "2", ["three"] = "3", ["four"] = "4", ["five"] = "5", ["six"] = "6", ["seven"] = "7", ["eight"] = "8", ["nine"] = "9", ["ten"] = "10",
    };

    private static readonly Dictionary<string, string> IrregularPlurals = new(StringComparer.Ordinal) { ["people"] = "person", ["children"] = "child", ["men"] = "man", ["women"] = "woman" };

    /// <summary>
    /// Whether a unit word on the page names a property word: the same word (singular or plural), a prefix of it ("ba"
    /// for bath, "min" for minute), or its letters in order from the same first letter ("bds" for beds, "br" for bedroom,
    /// "ft" for feet, "pts" for points).
    /// </summary>
    internal static bool UnitNames(string unit, string word)
    {
        var u = IrregularPlurals.TryGetValue(unit, out var single) ? single : Words.Singular(unit);
        var w = IrregularPlurals.TryGetValue(word, out var ws) ? ws : Words.Singular(word);
        if (u == w || unit == word)
        {
            return true;
        }
        var letters = u.Length >= 3 && u[^1] == 's' ? u[..^1] : u; // "bds", "pts": the plural s of an abbreviation
        if (letters.Length < 2 || w.Length < 3 || letters.Length >= w.Length || u[0] != w[0])
        {
            return false;
        }
        if (w.StartsWith(letters, StringComparison.Ordinal))
        {
            return true;
        }
        var at = 0;
        foreach (var c in w)
        {
            if (at < letters.Length && c == letters[at])
            {
                at++;
            }
        }
        return at == letters.Length;
    }

    [GeneratedRegex(@"(?<![\w.,])(?<n>\d[\d,]*(?:\.\d+)?(?:\s?[kKmM](?![A-Za-z]))?|(?i:one|two|three|four|five|six|seven|eight|nine|ten)\b)\s*(?<unit>[A-Za-z]{2,})(?:\d|²)?\b")]
    private static partial Regex Quantity();

    [GeneratedRegex(@"^\s*(?<n>\d[\d,]*(?:\.\d+)?(?:\s?[kKmM](?![A-Za-z]))?)\s*(?<unit>[A-Za-z]{2,})\s*$")]
    private static partial Regex WholeQuantity();

    private string? DescriptionOf(Record record)
    {
        var title = TitleOf(record);
        var marked = record.Descendants.FirstOrDefault(e => e.ClassList.Any(c => c.ToLowerInvariant().Split('-', '_').Any(w => w is "description" or "desc" or "summary" or "snippet" or "excerpt" or "abstract" or "teaser")));
        if (marked is not null && record.TextOf(marked) is { Length: > 0 } m)
        {
            return m;
        }
        // The longest paragraph that reads as prose ("Fast, in memory work queue"), before a longer count ("47,812,004
        // weekly downloads").
        var paragraphs = record.Tagged("p").Select(record.TextOf).Where(t => t.Length > 0 && t != title).ToList();
        var prose = paragraphs.Where(t => t.Contains(' ', StringComparison.Ordinal) && t.Count(char.IsLetter) >= 3 * t.Count(char.IsDigit)).ToList();
        return (prose.Count > 0 ? prose : paragraphs).OrderByDescending(t => t.Length).FirstOrDefault();
    }
}
