using System.Globalization;

namespace OpsDashboard.Web.Dashboard;

/// <summary>How times, durations and sizes read on the dashboard.</summary>
public static class Format
{
    /// <summary>"12 s ago", "4 min ago", "3 h ago", "2 d ago".</summary>
    public static string Ago(DateTimeOffset at, DateTimeOffset now)
    {
        var d = now - at;
        if (d < TimeSpan.Zero)
        {
            d = TimeSpan.Zero;
        }
        return d.TotalSeconds < 60 ? $"{(int)d.TotalSeconds} s ago"
            : d.TotalMinutes < 60 ? $"{(int)d.TotalMinutes} min ago"
            : d.TotalHours < 48 ? $"{(int)d.TotalHours} h ago"
            : $"{(int)d.TotalDays} d ago";
    }

    /// <summary>A countdown: "9:41", "1:02:05"; negative spans read "0:00".</summary>
    public static string Countdown(TimeSpan left)
    {
        if (left < TimeSpan.Zero)
        {
            left = TimeSpan.Zero;
        }
        return left.TotalHours >= 1
            ? $"{(int)left.TotalHours}:{left.Minutes:00}:{left.Seconds:00}"
            : $"{(int)left.TotalMinutes}:{left.Seconds:00}";
    }

    /// <summary>The exact time, for tooltips: UTC, ISO-like, to the millisecond.</summary>
    public static string Exact(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff 'UTC'", CultureInfo.InvariantCulture);

    public static string Duration(double? ms) => ms switch
    {
        null => "—",
        < 1000 => $"{ms:0} ms",
        < 60_000 => $"{ms / 1000:0.0} s",
        _ => $"{ms / 60_000:0.0} min",
    };

    public static string Bytes(long? bytes) => bytes switch
    {
        null => "—",
        < 1024 * 1024 => $"{bytes / 1024.0:0} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB",
    };
}
