using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace AgentSpec.IntegrationTests.Infrastructure;

/// <summary>
/// Fails a wait as soon as a watched resource stops for good (a server that cannot start), with the
/// resource's console log in the message, instead of letting the test hang until its timeout.
/// </summary>
public static class ResourceFailures
{
    public static async Task<T> FailFastAsync<T>(DistributedApplication app, Task<T> operation, IReadOnlyList<string> watchedResources, CancellationToken cancellationToken)
    {
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var failure = WatchForTerminalStateAsync(app, watchedResources, stopWatching.Token);
        var finished = await Task.WhenAny(operation, failure);
        if (finished == failure && failure.Result is { } failed)
        {
            throw new InvalidOperationException(
                $"Resource '{failed.Resource.Name}' ({failed.ResourceId}) reached state {failed.Snapshot.State?.Text} (exit code {failed.Snapshot.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}). Its log:\n{await LogOfAsync(app, failed.ResourceId)}");
        }

        await stopWatching.CancelAsync();
        return await operation;
    }

    public static async Task FailFastAsync(DistributedApplication app, Task operation, IReadOnlyList<string> watchedResources, CancellationToken cancellationToken) =>
        await FailFastAsync(app, operation.ContinueWith(t => t.IsCompletedSuccessfully ? true : throw t.Exception?.InnerException ?? new OperationCanceledException(), TaskScheduler.Default), watchedResources, cancellationToken);

    public static async Task<string> LogOfAsync(DistributedApplication app, string resourceId)
    {
        var text = new StringBuilder();
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        await foreach (var batch in logs.GetAllAsync(resourceId))
        {
            foreach (var line in batch)
            {
                text.AppendLine(line.Content);
            }
        }

        return text.ToString();
    }

    private static async Task<ResourceEvent?> WatchForTerminalStateAsync(DistributedApplication app, IReadOnlyList<string> resources, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var resourceEvent in app.ResourceNotifications.WatchAsync(cancellationToken))
            {
                if (resources.Contains(resourceEvent.Resource.Name)
                    && resourceEvent.Snapshot.State?.Text is { } state
                    && KnownResourceStates.TerminalStates.Contains(state))
                {
                    return resourceEvent;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return null;
    }
}
