using System.Net;
using System.Net.Http.Json;
using System.Text;
using Collections.Accounts.Apis;
using Collections.Accounts.Domain;
using Collections.Accounts.Infrastructure;
using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Tenancy;
using Collections.Contracts.Events;
using Collections.IntegrationTesting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Collections.Accounts.Tests;

/// <summary>Placements whose import stopped without an end: marked failed with a reason, completed by re-sending the file.</summary>
public sealed class PlacementInterruptionTests(AccountsServiceFactory service) : IClassFixture<AccountsServiceFactory>
{
    private const string Header = "client_reference,original_creditor,first_name,last_name,date_of_birth,postal_code,jurisdiction,currency,principal,interest,fees,delinquency_date,charge_off_date";

    private static readonly string[] FileRows =
    [
        "S-1,Acme Bank,Ann,Lee,1980-02-03,02139,MA,USD,100.00,5.00,1.25,2023-01-05,2023-07-01",
        "S-2,Acme Bank,Ann,Lee,1980-02-03,02139,MA,USD,20.00,0,0,,",
        "S-3,Acme Bank,Bo,Kim,,,NY,USD,75.10,0,0,,",
        "S-4,Acme Bank,Cy,Park,1975-05-06,10001,NY,USD,30.00,0,0,,",
        "S-5,Acme Bank,Cy,Park,1975-05-06,10001,NY,USD,12.00,0,0,,",
    ];

    private readonly Guid tenantId = Guid.NewGuid();
    private readonly Guid clientId = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_placement_left_receiving_by_a_process_that_died_is_marked_failed_at_start_and_the_resent_file_completes_it_without_duplicates()
    {
        Guid stuckId, recentId;

        // The process that died: it committed the first three rows of the file, then stopped without an end.
        await using (var died = service.WithWebHostBuilder(b => b.UseSetting("Placements:SweepInterval", "1.00:00:00")))
        {
            var partial = await PlacedAsync(died, Csv(FileRows[..3]));
            stuckId = partial.Id;
            recentId = await StartedPlacementAsync(died);
            await ExecuteAsync(
                died,
                db => db.Database.ExecuteSqlAsync(
                    $"""UPDATE placements SET "Status" = 'Receiving', "FinishedAt" = NULL, "LastProgressAt" = now() - interval '2 hours' WHERE "Id" = {stuckId}""",
                    Cancel));
        }

        await using var restarted = service.WithWebHostBuilder(_ => { });
        var client = ClientOf(restarted);
        var interrupted = await Eventually.Until(
            async () => (await client.GetFromJsonAsync<PlacementResponse>($"{PlacementsApi.Path}/{stuckId}", Cancel))!,
            p => p.Status != "Receiving",
            TimeSpan.FromSeconds(30),
            "the stalled placement to be marked at start");
        var recent = await client.GetFromJsonAsync<PlacementResponse>($"{PlacementsApi.Path}/{recentId}", Cancel);

        Assert.Equal(("Failed", 3L, 3L, 0L), (interrupted.Status, interrupted.RowsRead, interrupted.Accepted, interrupted.Rejected));
        Assert.Equal(StalledPlacementSweeper.ReasonFor(TimeSpan.FromMinutes(30)), interrupted.Failure);
        Assert.NotNull(interrupted.FinishedAt);
        Assert.Equal("Receiving", recent!.Status);

        var resent = await PlacedAsync(restarted, Csv(FileRows));

        Assert.Equal(("Completed", 5L, 2L, 3L, 0L, 0L), (resent.Status, resent.RowsRead, resent.Accepted, resent.Unchanged, resent.Rejected, resent.Conflicts));
        var (accounts, consumers, placed) = await ExecuteAsync(restarted, async db => (
            await db.Accounts.Select(a => a.ClientReference).OrderBy(r => r).ToListAsync(Cancel),
            await db.Consumers.CountAsync(Cancel),
            await QueuedEvents<AccountPlaced>.OfAsync(db, tenantId, Cancel)));
        Assert.Equal(["S-1", "S-2", "S-3", "S-4", "S-5"], accounts);
        Assert.Equal(3, consumers);
        Assert.Equal(["S-1", "S-2", "S-3", "S-4", "S-5"], placed.Select(e => e.ClientReference).Order());
    }

    [Fact]
    public async Task An_import_still_running_when_its_placement_is_marked_interrupted_places_no_further_batch()
    {
        var resume = new TaskCompletionSource();
        using var scope = service.Services.CreateScope();
        var tenant = scope.ServiceProvider.GetRequiredService<TenantContext>();
        tenant.Use(tenantId);
        var importer = new PlacementImporter(
            scope.ServiceProvider.GetRequiredService<AccountsDbContext>(), tenant, TimeProvider.System, scope.ServiceProvider.GetRequiredService<OutboxSignal>())
        {
            BatchSize = 2,
        };
        var started = await importer.StartAsync(clientId, "csv", "client:test", Cancel);
        var importing = importer.ImportAsync(started, PausedRowsAsync(before: 2, after: 3, resume.Task), Cancel);
        await Eventually.Until(() => PlacementAsync(started.Id), p => p.RowsRead == 2, TimeSpan.FromSeconds(30), "the first batch committed");

        await ExecuteAsync(service, db => db.Database.ExecuteSqlAsync(
            $"""UPDATE placements SET "LastProgressAt" = now() - interval '2 hours' WHERE "Id" = {started.Id}""", Cancel));
        var sweeper = service.Services.GetServices<IHostedService>().OfType<StalledPlacementSweeper>().Single();
        await sweeper.SweepAsync(Cancel);
        resume.SetResult();

        await Assert.ThrowsAsync<PlacementInterruptedException>(() => importing);
        var placement = await PlacementAsync(started.Id);
        Assert.Equal((PlacementStatus.Failed, 2L, 2L), (placement.Status, placement.RowsRead, placement.Accepted));
        Assert.Equal(StalledPlacementSweeper.ReasonFor(TimeSpan.FromMinutes(30)), placement.Failure);
        Assert.Equal(2, await ExecuteAsync(service, db => db.Accounts.CountAsync(Cancel)));
    }

    private static string Csv(params string[] rows) => Header + "\r\n" + string.Join("\r\n", rows) + "\r\n";

    private async Task<PlacementResponse> PlacedAsync(WebApplicationFactory<Program> host, string csv)
    {
        var response = await ClientOf(host).PostAsync(PlacementsApi.Path, new StringContent(csv, Encoding.UTF8, "text/csv"), Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<PlacementResponse>(Cancel))!;
    }

    private HttpClient ClientOf(WebApplicationFactory<Program> host)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", TestCallers.Client(tenantId, clientId));
        return client;
    }

    /// <summary>A placement that started receiving a minute ago and has committed nothing yet: not stalled.</summary>
    private async Task<Guid> StartedPlacementAsync(WebApplicationFactory<Program> host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var tenant = scope.ServiceProvider.GetRequiredService<TenantContext>();
        tenant.Use(tenantId);
        var importer = new PlacementImporter(
            scope.ServiceProvider.GetRequiredService<AccountsDbContext>(), tenant, TimeProvider.System, scope.ServiceProvider.GetRequiredService<OutboxSignal>());
        var placement = await importer.StartAsync(clientId, "csv", "client:test", Cancel);
        await ExecuteAsync(host, db => db.Database.ExecuteSqlAsync(
            $"""UPDATE placements SET "LastProgressAt" = now() - interval '1 minute' WHERE "Id" = {placement.Id}""", Cancel));
        return placement.Id;
    }

    private Task<Placement> PlacementAsync(Guid id) => ExecuteAsync(service, db => db.Placements.AsNoTracking().SingleAsync(p => p.Id == id, Cancel));

    private async Task<T> ExecuteAsync<T>(WebApplicationFactory<Program> host, Func<AccountsDbContext, Task<T>> action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        return await action(scope.ServiceProvider.GetRequiredService<AccountsDbContext>());
    }

    private async IAsyncEnumerable<PlacementRow> PausedRowsAsync(int before, int after, Task resume)
    {
        for (var i = 1; i <= before + after; i++)
        {
            if (i == before + 1)
            {
                await resume;
            }

            yield return PlacementRow.Valid(i, new PlacementDetails(clientId, $"I-{i}", "Acme Bank", null, new StatedConsumer("Ann", "Lee", null, null), "MA", "USD", 10m, 0m, 0m));
        }
    }
}
