namespace OpsDashboard.Web.Engine;

/// <summary>
/// Chromium's managed policy that blocks the browser's non-web schemes (<c>file:</c>, <c>chrome:</c>,
/// <c>view-source:</c>, <c>devtools:</c>) whoever asks for them: defence in depth under the
/// gateway's own checks (<see cref="NavigationGate"/>). Installed by <c>.ci/prereqs</c> and the
/// Dockerfile from <c>.ci/chromium-policy.json</c>; Debian's Chromium reads it from here.
/// </summary>
public static class ChromiumPolicyFile
{
    public const string Path = "/etc/chromium/policies/managed/opsdashboard.json";
}
