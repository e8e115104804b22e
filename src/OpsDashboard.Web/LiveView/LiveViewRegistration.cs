using OpsDashboard.Web.Engine;

namespace OpsDashboard.Web.LiveView;

/// <summary>The live view and manual control, registered in one place.</summary>
public static class LiveViewRegistration
{
    public static IServiceCollection AddLiveView(this IServiceCollection services)
    {
        services.AddSingleton<ILiveViewSource>(sp => sp.GetRequiredService<LocalBrowserEngine>());
        services.AddSingleton<LiveViewService>();
        services.AddSingleton<ControlLeases>();
        services.AddSingleton<ISessionControl>(sp => sp.GetRequiredService<ControlLeases>());
        services.AddHostedService(sp => sp.GetRequiredService<ControlLeases>());
        return services;
    }
}
