using System.ClientModel;
using Microsoft.Extensions.AI;
using OpenAI;
using OpsDashboard.Web.Configuration;

namespace OpsDashboard.Web.Engine;

/// <summary>Registers the LLM planner's chat client when <c>Ops:Llm:Endpoint</c> is set; otherwise nothing.</summary>
public static class LlmRegistration
{
    public static IServiceCollection AddLlmPlanner(this IServiceCollection services, OpsOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Llm.Endpoint) || services.Any(d => d.ServiceType == typeof(IChatClient)))
        {
            return services;
        }
        var client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrWhiteSpace(options.Llm.ApiKey) ? "unused" : options.Llm.ApiKey),
            new OpenAIClientOptions { Endpoint = new Uri(options.Llm.Endpoint) });
        services.AddSingleton(client.GetChatClient(options.Llm.Model).AsIChatClient());
        return services;
    }
}
