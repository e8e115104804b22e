namespace OpsDashboard.Core.Api;

/// <summary>The agent's answer to a step, as the wire spells it.</summary>
public static class StepStatus
{
    public const string Continue = "CONTINUE";
    public const string Done = "DONE";
    public const string AskUser = "ASK_USER";
    public const string NotSure = "NOT SURE";
}
