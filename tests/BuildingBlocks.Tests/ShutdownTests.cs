using System.Net;
using Collections.IntegrationTesting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Collections.BuildingBlocks.Tests;

public sealed class ShutdownTests(PlatformContainers containers)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_request_in_flight_when_the_service_stops_is_answered_200_and_later_ones_are_refused()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.AddServiceDefaults();
        await using var app = builder.Build();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        app.MapGet("/slow", async () =>
        {
            started.TrySetResult();
            await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
            return Results.Text("done");
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = new Uri(app.Urls.Single());
        using var http = new HttpClient { BaseAddress = address };

        var inFlight = http.GetAsync("/slow", TestContext.Current.CancellationToken);
        await started.Task.WaitAsync(Deadline, TestContext.Current.CancellationToken);
        var stopping = app.StopAsync(TestContext.Current.CancellationToken);
        using var response = await inFlight;
        await stopping;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("done", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        using var late = new HttpClient { BaseAddress = address };
        await Assert.ThrowsAsync<HttpRequestException>(() => late.GetAsync("/slow", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_message_being_consumed_when_the_service_stops_is_finished_and_acknowledged_once()
    {
        await using var host = await MessagingHost.StartAsync(containers);
        var tenantId = Guid.NewGuid();
        var placed = MessagingHost.NewPlacement(tenantId, AccountPlacedRecorder.Slow);
        await host.SaveToOutboxAsync(placed);
        var queue = await AccountPlacedRecorder.SlowStarted(placed.AccountId).Task.WaitAsync(Deadline, TestContext.Current.CancellationToken);

        await host.StopAsync();

        Assert.Equal(1, await host.ReceiptsForAsync(tenantId, placed.AccountId));
        Assert.DoesNotContain(placed.EventId.ToString(), await MessagingHost.MessageIdsInAsync(containers, queue));
    }
}
