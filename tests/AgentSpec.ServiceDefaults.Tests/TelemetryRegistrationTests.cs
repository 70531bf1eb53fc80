using System.Diagnostics.Metrics;
using System.Diagnostics;
using AgentSpec.Core.Telemetry;
using AgentSpec.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using OpenTelemetry;

namespace AgentSpec.ServiceDefaults.Tests;

/// <summary>ServiceDefaults wires the AgentSpec activity sources, meters and logs into OpenTelemetry.</summary>
public sealed class TelemetryRegistrationTests
{
    public static TheoryData<string> AgentSpecNames() => new(AgentSpecTelemetry.StateSourceName, AgentSpecTelemetry.SessionsSourceName);

    [Fact]
    public void The_state_and_sessions_names_of_the_telemetry_contract_are_registered()
    {
        Assert.Equal("AgentSpec.*", Extensions.AgentSpecTelemetryNames);
        Assert.Contains("AgentSpec.State", AgentSpecTelemetry.SourceNames);
        Assert.Contains("AgentSpec.Sessions", AgentSpecTelemetry.SourceNames);
        Assert.All(AgentSpecTelemetry.SourceNames, name => Assert.StartsWith("AgentSpec.", name, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(AgentSpecNames))]
    public async Task Spans_of_an_AgentSpec_source_are_recorded_and_exported(string sourceName)
    {
        var exported = new ExportedCollection<Activity>();
        using var host = BuildHost(b => b.Services.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(exported)));
        await host.StartAsync();

        // Listeners are process-wide and tests run in parallel: find this test's span by a unique tag.
        var path = $"/tmp/{Guid.NewGuid():N}/state.json";
        using (var source = new ActivitySource(sourceName))
        using (var activity = source.StartActivity("state.commit"))
        {
            Assert.NotNull(activity);
            activity.SetTag("path", path);
        }

        host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        var span = Assert.Single(exported, a => a.Source.Name == sourceName && Equals(a.GetTagItem("path"), path));
        Assert.Equal("state.commit", span.DisplayName);
        await host.StopAsync();
    }

    [Fact]
    public async Task Spans_of_an_unregistered_source_are_not_recorded()
    {
        var exported = new ExportedCollection<Activity>();
        using var host = BuildHost(b => b.Services.AddOpenTelemetry().WithTracing(t => t.AddInMemoryExporter(exported)));
        await host.StartAsync();

        using var source = new ActivitySource("Somebody.Else");
        using var activity = source.StartActivity("unrelated");

        Assert.Null(activity);
        await host.StopAsync();
    }

    [Theory]
    [MemberData(nameof(AgentSpecNames))]
    public async Task Instruments_of_an_AgentSpec_meter_are_exported(string meterName)
    {
        var exported = new ExportedCollection<Metric>();
        using var host = BuildHost(b => b.Services.AddOpenTelemetry().WithMetrics(m => m.AddInMemoryExporter(exported)));
        await host.StartAsync();

        using (var meter = new Meter(meterName))
        {
            var histogram = meter.CreateHistogram<double>("agentspec.test.lock.wait", unit: "ms");
            histogram.Record(12.5);
            host.Services.GetRequiredService<MeterProvider>().ForceFlush();
        }

        Assert.Contains(exported, m => m.MeterName == meterName && m.Name == "agentspec.test.lock.wait");
        await host.StopAsync();
    }

    [Fact]
    public async Task Structured_log_fields_reach_OpenTelemetry()
    {
        var exported = new ExportedCollection<LogRecord>();
        using var host = BuildHost(b => b.Logging.AddOpenTelemetry(o => o.AddInMemoryExporter(exported)));
        await host.StartAsync();

        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(AgentSpecTelemetry.StateSourceName);
        TestLog.LockAcquired(logger, "/tmp/s.json", "lk_1");
        host.Services.GetRequiredService<LoggerProvider>().ForceFlush();

        var record = Assert.Single(exported, r => r.CategoryName == AgentSpecTelemetry.StateSourceName);
        Assert.Equal("Lock acquired /tmp/s.json lk_1", record.FormattedMessage);
        var attributes = record.Attributes!.ToDictionary(a => a.Key, a => a.Value);
        Assert.Equal("/tmp/s.json", attributes["Path"]);
        Assert.Equal("lk_1", attributes["LockId"]);
        Assert.Equal(LogLevel.Information, record.LogLevel);
        await host.StopAsync();
    }

    [Fact]
    public void Without_OTEL_SERVICE_NAME_the_service_is_named_after_the_host()
    {
        using var host = BuildHost(_ => { }, applicationName: "agentspec");
        var resource = host.Services.GetRequiredService<TracerProvider>().GetResource();
        Assert.Contains(resource.Attributes, a => a.Key == "service.name" && Equals(a.Value, "agentspec"));
    }

    [Fact]
    public void OTEL_SERVICE_NAME_wins_over_the_host_name()
    {
        using var host = BuildHost(
            _ => { },
            applicationName: "agentspec",
            settings: new Dictionary<string, string?> { ["OTEL_SERVICE_NAME"] = "cli" });
        var resource = host.Services.GetRequiredService<TracerProvider>().GetResource();
        Assert.Contains(resource.Attributes, a => a.Key == "service.name" && Equals(a.Value, "cli"));
    }

    internal static IHost BuildHost(
        Action<HostApplicationBuilder> configure,
        string applicationName = "servicedefaults-tests",
        IDictionary<string, string?>? settings = null)
    {
        var builder = CreateBuilder(applicationName, settings);
        configure(builder);
        return builder.Build();
    }

    internal static HostApplicationBuilder CreateBuilder(string applicationName = "servicedefaults-tests", IDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ApplicationName = applicationName,
            DisableDefaults = true,
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddServiceDefaults();
        return builder;
    }
}
