using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using OpsDashboard.Web.Dashboard;
using OpsDashboard.Web.Events;

namespace OpsDashboard.Components.Tests;

/// <summary>
/// The shared bunit setup (as MudBlazor's own tests do it): Mud services with no popover check and
/// no transitions, loose JS interop, a longer wait, a signed-in operator, a fake clock, a real
/// event bus that tests publish into, and a fake dashboard client.
/// </summary>
public abstract class DashboardTestContext : BunitContext, IAsyncLifetime
{
    public static readonly DateTimeOffset Start = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    static DashboardTestContext() => DefaultWaitTimeout = TimeSpan.FromSeconds(10);

    protected DashboardTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Bus = new OpsEventBus(Clock);
        Services.AddMudServices(o =>
        {
            o.PopoverOptions.CheckForPopoverProvider = false;
            o.SnackbarConfiguration.ShowTransitionDuration = 0;
            o.SnackbarConfiguration.HideTransitionDuration = 0;
        });
        Services.AddLogging();
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddSingleton(Bus);
        Services.AddSingleton<IDashboardClient>(Client);
        Services.AddSingleton<OpsDashboard.Web.LiveView.ISessionControl>(Control);
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new OpsDashboard.Web.Configuration.OpsOptions()));
        Services.AddSingleton(new DashboardTicker(Clock));
        Services.AddSingleton(new DashboardUiOptions { UseCodeEditor = false });
        Services.AddSingleton(sp => new OpsStats(Bus, Clock, sp, NullLogger<OpsStats>.Instance));
        AddAuthorization().SetAuthorized("operator");
    }

    protected FakeTimeProvider Clock { get; } = new(Start);

    protected OpsEventBus Bus { get; }

    protected FakeDashboardClient Client { get; } = new();

    protected FakeSessionControl Control { get; } = new();

    /// <summary>Publishes one event as the session service would.</summary>
    protected OpsEvent Publish(string kind, string sessionId, string tenant = "default", string level = "info", string? status = null,
        string? message = null, string? url = null, int? stepSeq = null, string? cmd = null, double? durationMs = null, string? screenshotId = null,
        int? stepCount = null, DateTimeOffset? leaseExpiresAt = null) =>
        Bus.Publish((seq, at) => new OpsEvent(seq, at, kind, tenant, sessionId, level, status, message, url, stepSeq, cmd, durationMs, screenshotId,
            null, stepCount, leaseExpiresAt));

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();
}
