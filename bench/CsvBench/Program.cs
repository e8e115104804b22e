// Export 100,000 rows to CSV (a temp file), streamed from an IAsyncEnumerable: throughput and
// memory, through CsvExport (CsvHelper 34). Run: dotnet run -c Release --project bench/CsvBench
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpsDashboard.Core.Extraction;

const int Rows = 100_000;

using var schemaDoc = JsonDocument.Parse("""
    {"type":"array","items":{"type":"object","properties":{
      "id":{"type":"integer"},"title":{"type":"string"},"url":{"type":"string"},"price":{"type":"number"},
      "seller":{"type":"object","properties":{"name":{"type":"string"},"rating":{"type":"number"}}},
      "tags":{"type":"array","items":{"type":"string"}},"in_stock":{"type":"boolean"},"note":{"type":"string"}}}}
    """);
var columns = CsvExport.ColumnsFor(schemaDoc.RootElement);

// Warm-up on a small run (JIT), not measured.
await CsvExport.WriteAsync(Stream.Null, columns, Generate(1_000), CancellationToken.None);

// The rows alone (made and dropped), to tell the writer's allocations from the generator's.
var generatedBefore = GC.GetTotalAllocatedBytes(precise: true);
await foreach (var _ in Generate(Rows))
{
}
var generatorAllocated = GC.GetTotalAllocatedBytes(precise: true) - generatedBefore;

var path = Path.Combine(Path.GetTempPath(), $"csvbench-{Guid.NewGuid():N}.csv");
GC.Collect();
var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
var process = Process.GetCurrentProcess();
var cpuBefore = process.TotalProcessorTime;
var sw = Stopwatch.StartNew();
await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
{
    await CsvExport.WriteAsync(file, columns, Generate(Rows), CancellationToken.None);
}
sw.Stop();
process.Refresh();
var cpu = process.TotalProcessorTime - cpuBefore;
var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
var size = new FileInfo(path).Length;
var lines = File.ReadLines(path).Count();
File.Delete(path);

// The writer alone: the same rows made beforehand, written to a file three times; the fastest run
// (wall and this thread's CPU) is the writer's own cost, apart from making rows and from other load.
var made = new List<JsonObject>(Rows);
await foreach (var row in Generate(Rows))
{
    made.Add(row);
}
var bestWall = TimeSpan.MaxValue;
var bestCpu = TimeSpan.MaxValue;
for (var run = 0; run < 3; run++)
{
    var runPath = Path.Combine(Path.GetTempPath(), $"csvbench-{Guid.NewGuid():N}.csv");
    process.Refresh();
    var runCpu = process.TotalProcessorTime;
    var runWatch = Stopwatch.StartNew();
    await using (var file = new FileStream(runPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
    {
        await CsvExport.WriteAsync(file, columns, made, CancellationToken.None);
    }
    runWatch.Stop();
    process.Refresh();
    bestWall = runWatch.Elapsed < bestWall ? runWatch.Elapsed : bestWall;
    bestCpu = process.TotalProcessorTime - runCpu < bestCpu ? process.TotalProcessorTime - runCpu : bestCpu;
    File.Delete(runPath);
}

var ci = CultureInfo.InvariantCulture;
Console.WriteLine("| metric | value |");
Console.WriteLine("| --- | --- |");
Console.WriteLine(string.Create(ci, $"| rows | {Rows:N0} ({columns.Count} columns: {string.Join(", ", columns)}) |"));
Console.WriteLine(string.Create(ci, $"| file size | {size / 1024.0 / 1024.0:0.0} MiB ({lines:N0} lines incl. header and in-cell line breaks) |"));
Console.WriteLine(string.Create(ci, $"| time | {sw.Elapsed.TotalMilliseconds:0} ms |"));
Console.WriteLine(string.Create(ci, $"| process CPU time | {cpu.TotalMilliseconds:0} ms |"));
Console.WriteLine(string.Create(ci, $"| the writer alone (rows made beforehand), fastest of 3: wall / process CPU | {bestWall.TotalMilliseconds:0} ms / {bestCpu.TotalMilliseconds:0} ms ({Rows / bestWall.TotalSeconds:N0} rows/s) |"));
Console.WriteLine(string.Create(ci, $"| throughput | {Rows / sw.Elapsed.TotalSeconds:N0} rows/s, {size / 1024.0 / 1024.0 / sw.Elapsed.TotalSeconds:0.0} MiB/s |"));
Console.WriteLine(string.Create(ci, $"| allocated (GC.GetTotalAllocatedBytes), total / making the rows / writing CSV | {allocated / 1024.0 / 1024.0:0} / {generatorAllocated / 1024.0 / 1024.0:0} / {(allocated - generatorAllocated) / 1024.0 / 1024.0:0} MiB ({(allocated - generatorAllocated) / (double)Rows:0} bytes per row written) |"));
Console.WriteLine(string.Create(ci, $"| managed heap after the run (the writer-alone runs hold the 100,000 rows) | {GC.GetTotalMemory(forceFullCollection: false) / 1024.0 / 1024.0:0.0} MiB |"));
Console.WriteLine(string.Create(ci, $"| peak working set (Process.PeakWorkingSet64) | {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:0} MiB |"));
Console.WriteLine(string.Create(ci, $"| machine load average while running | {(File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a")} on {Environment.ProcessorCount} cores |"));
return 0;

static async IAsyncEnumerable<JsonObject> Generate(int count, [EnumeratorCancellation] CancellationToken ct = default)
{
    for (var i = 0; i < count; i++)
    {
        ct.ThrowIfCancellationRequested();
        yield return new JsonObject
        {
            ["id"] = i,
            ["title"] = $"Product {i}, \"special\" edition",
            ["url"] = $"https://shop.example/p/{i}",
            ["price"] = 10 + (i % 1000) * 0.01,
            ["seller"] = new JsonObject { ["name"] = $"Seller {i % 50}", ["rating"] = 4.5 },
            ["tags"] = new JsonArray("outdoor", "sale"),
            ["in_stock"] = i % 2 == 0,
            ["note"] = i % 100 == 0 ? "=HYPERLINK(\"x\")\nsecond line" : "Zoë ✓",
        };
        if (i % 5_000 == 0)
        {
            await Task.Yield();
        }
    }
}
