using Microsoft.Extensions.Options;

namespace OpsDashboard.Web.Configuration;

/// <summary>
/// Settings whose out-of-range values would otherwise be quietly bent into shape: the gateway refuses
/// to start and names the key, the value and what it takes instead.
/// </summary>
public sealed class OpsOptionsValidator : IValidateOptions<OpsOptions>
{
    public ValidateOptionsResult Validate(string? name, OpsOptions options)
    {
        var problems = new List<string>();
        if (options.LiveViewMaxFps is < 1 or > 60)
        {
            problems.Add($"Ops:LiveViewMaxFps is {options.LiveViewMaxFps}: use a whole number from 1 to 60 (the most frames a second a watched session's live view sends; default 15).");
        }
        if (options.ThumbnailQuality is < 1 or > 100)
        {
            problems.Add($"Ops:ThumbnailQuality is {options.ThumbnailQuality}: use a JPEG quality from 1 to 100 (default 60).");
        }
        if (options.ThumbnailWidth is < 16 or > 4096)
        {
            problems.Add($"Ops:ThumbnailWidth is {options.ThumbnailWidth}: use a width in pixels from 16 to 4096 (default 480).");
        }
        if (options.NodeCapacity < 0)
        {
            problems.Add($"Ops:NodeCapacity is {options.NodeCapacity}: use the number of live sessions this node may hold, or 0 (the default) to size it from the memory available at start.");
        }
        if (options.SessionMemoryMiB is < 8 or > 4096)
        {
            problems.Add($"Ops:SessionMemoryMiB is {options.SessionMemoryMiB}: use what one session costs in MiB, from 8 to 4096 (default 66, measured by bench/SessionBench --density).");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
