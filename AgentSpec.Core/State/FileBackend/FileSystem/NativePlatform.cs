using System.Runtime.InteropServices;

namespace AgentSpec.Core.State.FileBackend.FileSystem;

/// <summary>
/// The one platform check in front of every native value the file backend uses (open flags, the
/// <c>statx</c> layout, errno numbers): they are verified for Linux on x64 and Arm64 only.
/// </summary>
internal static class NativePlatform
{
    public static bool IsVerified =>
        OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    public static string Describe() => $"{RuntimeInformation.OSDescription.Trim()} on {RuntimeInformation.ProcessArchitecture}";
}
