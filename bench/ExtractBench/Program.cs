// Time to extract 1,000 items from one generated page (product cards with sale prices, a nav and a
// footer of links), with a five-property schema. Run: dotnet run -c Release --project bench/ExtractBench
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using OpsDashboard.Core.Extraction;

const int Items = 1_000;
const int Runs = 7;

var html = BuildPage(Items);
using var schemaDoc = JsonDocument.Parse("""
    {"type":"array","items":{"type":"object","properties":{
      "title":{"type":"string"},"url":{"type":"string","format":"uri"},"price":{"type":"number"},
      "image":{"type":"string"},"rating":{"type":"number"}},"required":["title","price"]}}
    """);
var request = new ExtractionRequest(html, new Uri("https://shop.example/all"), schemaDoc.RootElement, null, Items);
var extractor = new Extractor();

var warm = extractor.Extract(request); // JIT, regexes, meta-schema
if (warm.Returned != Items)
{
    Console.Error.WriteLine($"expected {Items} rows, got {warm.Returned}: {warm.Message}");
    return 1;
}

var times = new List<double>();
var cpu = new List<double>();
long allocated = 0;
var process = Process.GetCurrentProcess();
for (var i = 0; i < Runs; i++)
{
    var before = GC.GetTotalAllocatedBytes(precise: true);
    process.Refresh();
    var cpuBefore = process.TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    var result = extractor.Extract(request);
    sw.Stop();
    process.Refresh();
    cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
    allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
    times.Add(sw.Elapsed.TotalMilliseconds);
    if (result.Returned != Items)
    {
        return 1;
    }
}
times.Sort();
cpu.Sort();
var median = times[times.Count / 2];
var ci = CultureInfo.InvariantCulture;
Console.WriteLine("| metric | value |");
Console.WriteLine("| --- | --- |");
Console.WriteLine(string.Create(ci, $"| page size | {html.Length / 1024.0:0} KiB, {Items:N0} product cards + nav + footer |"));
Console.WriteLine(string.Create(ci, $"| runs | {Runs} (after 1 warm-up) |"));
Console.WriteLine(string.Create(ci, $"| extract time, min / median / max | {times[0]:0.0} / {median:0.0} / {times[^1]:0.0} ms |"));
Console.WriteLine(string.Create(ci, $"| process CPU time per extract, min / median | {cpu[0]:0} / {cpu[cpu.Count / 2]:0} ms |"));
Console.WriteLine(string.Create(ci, $"| items per second (median wall time) | {Items / (median / 1000):N0} |"));
Console.WriteLine(string.Create(ci, $"| machine load average while running | {LoadAverage()} |"));
Console.WriteLine(string.Create(ci, $"| allocated per extract | {allocated / 1024.0 / 1024.0:0.0} MiB |"));
Console.WriteLine(string.Create(ci, $"| peak working set | {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:0} MiB |"));
Console.WriteLine(string.Create(ci, $"| structure | {warm.Structure} |"));
return 0;

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) + $" on {Environment.ProcessorCount} cores" : "n/a";

static string BuildPage(int items)
{
    var ci = CultureInfo.InvariantCulture;
    var sb = new StringBuilder();
    sb.Append("<!doctype html><html><head><title>All products</title></head><body>");
    sb.Append("<header><nav><ul>");
    for (var i = 0; i < 12; i++)
    {
        sb.Append(ci, $"<li><a href=\"/c/{i}\">Category {i}</a></li>");
    }
    sb.Append("</ul></nav></header><main><h1>All products</h1><div class=\"grid\">");
    for (var i = 0; i < items; i++)
    {
        var price = 10 + (i % 97) + 0.99;
        sb.Append(ci, $"<article class=\"product-card\"><a href=\"/p/{i}\"><img src=\"/img/{i}.jpg\" alt=\"\"></a>");
        sb.Append(ci, $"<h2 class=\"title\"><a href=\"/p/{i}\">Product number {i}</a></h2>");
        sb.Append(ci, $"<div class=\"rating\" aria-label=\"Rated {(i % 5) + 1} out of 5\">★</div>");
        sb.Append(i % 3 == 0
            ? string.Create(ci, $"<div class=\"price\"><s>${price + 20:0.00}</s> <span>${price:0.00}</span></div>")
            : string.Create(ci, $"<div class=\"price\"><span>${price:0.00}</span></div>"));
        sb.Append("<button>Add to cart</button></article>");
    }
    sb.Append("</div></main><footer>");
    for (var c = 0; c < 4; c++)
    {
        sb.Append("<ul>");
        for (var i = 0; i < 8; i++)
        {
            sb.Append(ci, $"<li><a href=\"/f/{c}/{i}\">Footer link {c}.{i}</a></li>");
        }
        sb.Append("</ul>");
    }
    sb.Append("</footer></body></html>");
    return sb.ToString();
}
