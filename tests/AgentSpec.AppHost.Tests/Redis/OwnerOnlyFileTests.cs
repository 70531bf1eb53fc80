using AgentSpec.AppHost.Redis;
using AgentSpec.Testing;

namespace AgentSpec.AppHost.Tests.Redis;

public sealed class OwnerOnlyFileTests
{
    [Fact]
    public async Task The_file_is_readable_by_its_owner_only_and_replaced_whole()
    {
        using var directory = new TempDirectory();
        var path = directory.File("redis.conf");
        await OwnerOnlyFile.WriteAsync(path, "first", CancellationToken.None);
        await OwnerOnlyFile.WriteAsync(path, "second", CancellationToken.None);

        Assert.Equal("second", await File.ReadAllTextAsync(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Equal([path], Directory.GetFiles(directory.Path));
    }
}
