using AgentSpec.AppHost.Cli;

namespace AgentSpec.AppHost.Tests.Cli;

public sealed class CliExitCodesTests
{
    [Theory]
    [InlineData(0, false, true)]
    [InlineData(2, true, true)]
    [InlineData(2, false, false)]
    [InlineData(1, false, false)]
    [InlineData(3, false, false)]
    [InlineData(4, true, false)]
    public void A_plan_with_changes_is_a_successful_plan_and_every_other_non_zero_code_a_failure(int exitCode, bool isPlan, bool success)
    {
        Assert.Equal(success, CliExitCodes.IsSuccess(exitCode, isPlan));
    }

    [Fact]
    public void Locked_and_corrupted_states_are_explained()
    {
        Assert.Contains("locked", CliExitCodes.Describe(3), StringComparison.Ordinal);
        Assert.Contains("Force unlock", CliExitCodes.Describe(3), StringComparison.Ordinal);
        Assert.Contains("corrupted", CliExitCodes.Describe(4), StringComparison.Ordinal);
        Assert.Contains("exit code 9", CliExitCodes.Describe(9), StringComparison.Ordinal);
    }

    [Fact]
    public void Signals_are_named_and_are_not_success()
    {
        Assert.Contains("SIGINT", CliExitCodes.Describe(130), StringComparison.Ordinal);
        Assert.Contains("SIGTERM", CliExitCodes.Describe(143), StringComparison.Ordinal);
        Assert.False(CliExitCodes.IsSuccess(130, isPlan: true));
        Assert.False(CliExitCodes.IsSuccess(143, isPlan: false));
    }
}
