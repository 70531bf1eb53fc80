using System.Globalization;

namespace AgentSpec.Benchmarks.Reporting;

/// <summary>Numbers as people read them: thousands separators, three significant figures for small values.</summary>
internal static class Format
{
    public static string Number(double value)
    {
        if (double.IsNaN(value))
        {
            return "n/a";
        }

        var magnitude = Math.Abs(value);
        var format = magnitude switch
        {
            >= 100 => "#,0",
            >= 10 => "#,0.0",
            >= 1 => "#,0.00",
            0 => "0",
            _ => "0.###",
        };
        return value.ToString(format, CultureInfo.InvariantCulture);
    }

    public static string Duration(double nanoseconds) => nanoseconds switch
    {
        double.NaN => "n/a",
        >= 1e9 => Number(nanoseconds / 1e9) + " s",
        >= 1e6 => Number(nanoseconds / 1e6) + " ms",
        >= 1e3 => Number(nanoseconds / 1e3) + " µs",
        _ => Number(nanoseconds) + " ns",
    };

    public static string Bytes(double? bytes) => bytes switch
    {
        null => "n/a",
        >= 1024 * 1024 => Number(bytes.Value / (1024 * 1024)) + " MiB",
        >= 1024 => Number(bytes.Value / 1024) + " KiB",
        _ => Number(bytes.Value) + " B",
    };
}
