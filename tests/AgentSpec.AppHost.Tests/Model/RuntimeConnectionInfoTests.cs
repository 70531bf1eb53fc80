using AgentSpec.AppHost.Runtime;
using Microsoft.Extensions.Configuration;

namespace AgentSpec.AppHost.Tests.Model;

/// <summary>The text the AppHost prints at start and the Connection info command shows.</summary>
public sealed class RuntimeConnectionInfoTests
{
    [Fact]
    public void The_export_line_sets_the_runtime_url_and_the_api_key_for_the_cli()
    {
        var info = new RuntimeConnectionInfo(new Uri("http://localhost:5180"), "Abc123def456Ghi789jkl012", DashboardLoginUrl: null);
        Assert.Equal("export AGENTSPEC_RUNTIME_URL=http://localhost:5180 AGENTSPEC_API_KEY=Abc123def456Ghi789jkl012", info.ExportLine);
        Assert.Equal(info.ExportLine, info.Describe());
    }

    [Fact]
    public void A_configured_key_with_shell_characters_is_single_quoted()
    {
        var info = new RuntimeConnectionInfo(new Uri("http://localhost:5180/"), "it's a $ecret key", DashboardLoginUrl: null);
        Assert.Equal("export AGENTSPEC_RUNTIME_URL=http://localhost:5180 AGENTSPEC_API_KEY='it'\\''s a $ecret key'", info.ExportLine);
    }

    [Fact]
    public void The_dashboard_login_url_carries_the_browser_token_and_follows_the_export_line()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = "http://localhost:15080;https://localhost:17080",
            ["AppHost:BrowserToken"] = "token123",
        }).Build();

        var login = RuntimeConnectionInfo.DashboardLoginUrlFrom(configuration);
        Assert.Equal("http://localhost:15080/login?t=token123", login);
        var info = new RuntimeConnectionInfo(new Uri("http://localhost:5180"), "k", login);
        Assert.Equal($"{info.ExportLine}\nDashboard: http://localhost:15080/login?t=token123", info.Describe());
    }

    [Fact]
    public void An_unsecured_dashboard_is_shown_without_a_token_and_no_dashboard_without_an_address()
    {
        var unsecured = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ASPNETCORE_URLS"] = "http://localhost:15080" }).Build();
        Assert.Equal("http://localhost:15080", RuntimeConnectionInfo.DashboardLoginUrlFrom(unsecured));
        Assert.Null(RuntimeConnectionInfo.DashboardLoginUrlFrom(new ConfigurationBuilder().Build()));
    }
}
