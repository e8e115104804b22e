# OpsDashboard: build with the .NET SDK, run on a Debian-based ASP.NET image with Debian's Chromium.
# Untested here (no Docker engine on the development machines); see README.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props OpsDashboard.sln ./
COPY src/ src/
COPY wwwroot/ wwwroot/
RUN dotnet publish src/OpsDashboard.Web/OpsDashboard.Web.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-liberation curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 10001 opsdash \
 && mkdir -p /data && chown opsdash:opsdash /data
WORKDIR /app
COPY --from=build /app ./
# Chromium's URL blocklist (file:, chrome:, view-source:, devtools:) under the gateway's own URL policy.
COPY .ci/chromium-policy.json /etc/chromium/policies/managed/opsdashboard.json
ENV OPSDASH_DATA=/data \
    Ops__ChromiumPath=/usr/bin/chromium \
    ASPNETCORE_URLS=http://0.0.0.0:8080
VOLUME ["/data"]
EXPOSE 8080
USER opsdash
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/health/live || exit 1
ENTRYPOINT ["dotnet", "OpsDashboard.dll"]
