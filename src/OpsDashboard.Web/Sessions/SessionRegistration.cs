using OpsDashboard.Core.Sessions;

namespace OpsDashboard.Web.Sessions;

/// <summary>The session service and the parts it is made of (see docs/architecture-sessions.md).</summary>
public static class SessionRegistration
{
    public static IServiceCollection AddSessions(this IServiceCollection services)
    {
        services.AddSingleton<LiveSessions>();
        services.AddSingleton<LeaseManager>();
        services.AddSingleton<ISessionStore, SessionStore>();
        services.AddSingleton<StepRecorder>();
        services.AddSingleton<SessionService>();
        services.AddSingleton<StepRunner>();
        services.AddSingleton<RetrieveService>();
        services.AddHostedService<AfterAnswerDrain>();
        return services;
    }
}
