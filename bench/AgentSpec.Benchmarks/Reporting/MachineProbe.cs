using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;

namespace AgentSpec.Benchmarks.Reporting;

/// <summary>Reads what the machine is from /proc and /sys (Linux), for the report's machine description.</summary>
internal static class MachineProbe
{
    public static MachineDescription Describe(string workDirectory) => new(
        Environment.ProcessorCount,
        CpuModel(),
        MemoryGiB(),
        RuntimeInformation.OSDescription,
        Environment.Version.ToString(),
        IsOptimized() ? "Release" : "Debug (numbers are not representative: use -c Release)",
        workDirectory,
        DescribeFilesystem(workDirectory),
        LoadAverage());

    public static string LoadAverage()
    {
        var text = ReadOrNull("/proc/loadavg");
        return text is null ? "unknown" : string.Join(' ', text.Split(' ').Take(3));
    }

    private static string CpuModel()
    {
        var line = ReadOrNull("/proc/cpuinfo")?.Split('\n').FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    private static double MemoryGiB()
    {
        var line = ReadOrNull("/proc/meminfo")?.Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var kib = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
        return kib is not null && double.TryParse(kib, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value / (1024 * 1024) : double.NaN;
    }

    /// <summary>"ext4 on /dev/vda (virtio virtual disk; the kernel reports it rotational)".</summary>
    private static string DescribeFilesystem(string path)
    {
        var mounts = ReadOrNull("/proc/mounts");
        if (mounts is null)
        {
            return "unknown file system";
        }

        var full = Path.GetFullPath(path);
        var best = mounts.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .Where(f => f.Length >= 3 && (full == f[1] || full.StartsWith(f[1].TrimEnd('/') + "/", StringComparison.Ordinal)))
            .OrderByDescending(f => f[1].Length)
            .FirstOrDefault();
        if (best is null)
        {
            return "unknown file system";
        }

        var (device, mountPoint, type) = (best[0], best[1], best[2]);
        if (type is "tmpfs" or "ramfs")
        {
            return $"{type} at {mountPoint} (memory: fsync costs nothing here, so commit ratios mean little)";
        }

        var name = Path.GetFileName(device);
        var block = Directory.Exists($"/sys/block/{name}") ? name : new string(name.TakeWhile(c => !char.IsDigit(c)).ToArray());
        var rotational = ReadOrNull($"/sys/block/{block}/queue/rotational")?.Trim();
        var kind = block switch
        {
            _ when block.StartsWith("vd", StringComparison.Ordinal) => "virtio virtual disk of a VM",
            _ when block.StartsWith("nvme", StringComparison.Ordinal) => "NVMe SSD",
            _ when block.StartsWith("xvd", StringComparison.Ordinal) => "Xen virtual disk",
            _ => rotational == "0" ? "SSD" : rotational == "1" ? "rotational disk" : "disk of unknown kind",
        };
        var rotationalText = rotational switch
        {
            "1" => "; the kernel reports it rotational, which a virtual disk says whatever is behind it",
            "0" => "; the kernel reports it non-rotational",
            _ => string.Empty,
        };
        return $"{type} on {device} mounted at {mountPoint} ({kind}{rotationalText})";
    }

    private static bool IsOptimized()
    {
        var debuggable = typeof(AgentSpec.Core.State.FileBackend.FileStateBackend).Assembly.GetCustomAttribute<DebuggableAttribute>();
        return debuggable is null || !debuggable.IsJITOptimizerDisabled;
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
