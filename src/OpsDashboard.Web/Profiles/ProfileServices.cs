using Microsoft.AspNetCore.DataProtection;
using OpsDashboard.Web.Data;
using OpsDashboard.Web.Sessions;

namespace OpsDashboard.Web.Profiles;

/// <summary>Composition of saved profiles and restart records.</summary>
public static class ProfileServices
{
    public static WebApplicationBuilder AddProfiles(this WebApplicationBuilder builder)
    {
        // The key ring lives in the same database as what it encrypts, so a copied data directory keeps working.
        builder.Services.AddDataProtection().SetApplicationName("OpsDashboard").PersistKeysToDbContext<OpsDbContext>();
        builder.Services.AddSingleton<ProfileStore>();
        builder.Services.AddSingleton<SessionStateStore>();
        builder.Services.AddHostedService<ProfileSweeper>();
        return builder;
    }

    /// <summary>Once the server runs (the browser engine started, the app's own ports known), reopens the sessions live before the restart.</summary>
    public static void RestoreSessionsWhenStarted(this WebApplication app)
    {
        var sessions = app.Services.GetRequiredService<SessionService>();
        app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(sessions.RestorePendingAsync));
    }
}
