using AgentSpec.AppHost.Hosting;
using AgentSpec.AppHost.Redis;
using AgentSpec.Testing;

namespace AgentSpec.AppHost.Tests.Redis;

public sealed class GarnetToolTests
{
    [Fact]
    public void The_repository_manifest_pins_garnet_server()
    {
        var manifest = Path.Combine(RedisServer.RepositoryRoot(), RepositoryLayout.ToolManifest);
        Assert.Equal("2.2.8", GarnetTool.ReadVersion(manifest));
    }

    [Fact]
    public void A_missing_manifest_is_a_clear_error()
    {
        using var directory = new TempDirectory();
        var error = Assert.Throws<FileNotFoundException>(() => GarnetTool.ReadVersion(directory.File("dotnet-tools.json")));
        Assert.Contains("garnet-server", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_entry_assembly_is_read_from_the_tool_settings()
    {
        using var package = new TempDirectory();
        var tools = Path.Combine(package.Path, "tools", "net10.0", "any");
        Directory.CreateDirectory(tools);
        File.WriteAllText(Path.Combine(tools, "DotnetToolSettings.xml"),
            """<DotNetCliTool Version="1"><Commands><Command Name="garnet-server" EntryPoint="GarnetServer.dll" Runner="dotnet" /></Commands></DotNetCliTool>""");
        File.WriteAllText(Path.Combine(tools, "GarnetServer.dll"), string.Empty);

        Assert.Equal(Path.Combine(tools, "GarnetServer.dll"), GarnetTool.LocateEntryPoint(package.Path));
    }

    [Fact]
    public void A_package_without_its_entry_assembly_is_a_clear_error()
    {
        using var package = new TempDirectory();
        var error = Assert.Throws<FileNotFoundException>(() => GarnetTool.LocateEntryPoint(package.Path));
        Assert.Contains("dotnet tool restore", error.Message, StringComparison.Ordinal);
    }
}
