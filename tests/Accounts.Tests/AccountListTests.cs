using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Collections.Accounts.Apis;
using Collections.BuildingBlocks.Security;
using Collections.Contracts.Events;
using Collections.IntegrationTesting;
using static Collections.Accounts.Tests.AccountsServiceFactory;

namespace Collections.Accounts.Tests;

/// <summary>Listing accounts by client, status, segment and hold, page by page with an opaque cursor.</summary>
public sealed class AccountListTests(AccountsServiceFactory service) : IClassFixture<AccountsServiceFactory>
{
    private readonly Guid tenantId = Guid.NewGuid();
    private readonly Guid clientA = Guid.NewGuid();
    private readonly Guid clientB = Guid.NewGuid();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Following_the_cursor_walks_every_account_once_newest_first()
    {
        var placed = new List<Guid>();
        foreach (var reference in new[] { "CUR-1", "CUR-2", "CUR-3", "CUR-4", "CUR-5" })
        {
            placed.Add((await PlacedAsync(Key(clientA), Placement(reference))).Id);
        }

        var seen = new List<string>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await Staff().GetFromJsonAsync<AccountPage>($"{AccountsPath}?pageSize=2{(cursor is null ? "" : $"&cursor={cursor}")}", Cancel);
            seen.AddRange(page!.Items.Select(a => a.ClientReference));
            Assert.Equal(5, page.TotalItems);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(["CUR-5", "CUR-4", "CUR-3", "CUR-2", "CUR-1"], seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public async Task Page_numbers_still_work_and_give_the_same_order()
    {
        foreach (var reference in new[] { "NUM-1", "NUM-2", "NUM-3" })
        {
            await PlacedAsync(Key(clientA), Placement(reference));
        }

        var first = await Staff().GetFromJsonAsync<AccountPage>($"{AccountsPath}?pageSize=2", Cancel);
        var second = await Staff().GetFromJsonAsync<AccountPage>($"{AccountsPath}?page=2&pageSize=2", Cancel);
        var byCursor = await Staff().GetFromJsonAsync<AccountPage>($"{AccountsPath}?pageSize=2&cursor={first!.NextCursor}", Cancel);

        Assert.Equal(["NUM-1"], second!.Items.Select(a => a.ClientReference));
        Assert.Equal(["NUM-1"], byCursor!.Items.Select(a => a.ClientReference));
        Assert.Null(byCursor.NextCursor);
    }

    [Fact]
    public async Task Accounts_are_filtered_by_client_status_segment_and_hold()
    {
        var a1 = await PlacedAsync(Key(clientA), Placement("FIL-1"));
        var a2 = await PlacedAsync(Key(clientA), Placement("FIL-2", principal: 5000m));
        var b1 = await PlacedAsync(Key(clientB), Placement("FIL-3"));
        (await Key(clientA).PostAsJsonAsync($"{AccountsPath}/{a1.Id}/recall", new { recallId = Guid.NewGuid(), reason = "Sold" }, Cancel)).EnsureSuccessStatusCode();
        await service.PublishAsync(new ConsumerRequestRecorded
        {
            TenantId = tenantId,
            OccurredAt = DateTimeOffset.UtcNow,
            RequestId = Guid.NewGuid(),
            AccountId = b1.Id,
            ClientId = clientB,
            Kind = "attorney-representation",
        });
        await service.AccountWhenAsync(TestCallers.Staff(tenantId, Roles.Agent), b1.Id, a => a.Holds.Count == 1, "the attorney hold");

        Assert.Equal(["FIL-2", "FIL-1"], await References($"clientId={clientA}"));
        Assert.Equal(["FIL-1"], await References("status=Recalled"));
        Assert.Equal(["FIL-2"], await References("segment=early-high-never-paid-no-phone"));
        Assert.Equal(["FIL-3"], await References("hold=attorney-representation"));
        Assert.Equal(["FIL-2", "FIL-1"], await References("hold=none"));
        Assert.Equal(["FIL-2"], await References($"clientId={clientA}&status=placed"));
        Assert.Equal(a2.Id, (await Staff().GetFromJsonAsync<AccountPage>($"{AccountsPath}?status=Placed&clientId={clientA}", Cancel))!.Items.Single().Id);
    }

    [Fact]
    public async Task A_client_filtering_by_another_client_sees_nothing()
    {
        await PlacedAsync(Key(clientA), Placement("FIL-OTHER"));

        var page = await Key(clientB).GetFromJsonAsync<AccountPage>($"{AccountsPath}?clientId={clientA}", Cancel);

        Assert.Equal(0, page!.TotalItems);
    }

    [Theory]
    [InlineData("cursor=not-a-cursor", "cursor")]
    [InlineData("cursor=QUJD", "cursor")]
    [InlineData("status=Lost", "status")]
    [InlineData("status=3", "status")]
    [InlineData("hold=vacation", "hold")]
    [InlineData("page=2&cursor=MTIzOjAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAw", "cursor")]
    public async Task Malformed_filters_and_cursors_are_a_400_problem(string query, string field)
    {
        var response = await Staff().GetAsync($"{AccountsPath}?{query}", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors");
        Assert.Contains(errors.EnumerateObject(), p => p.Name.Equals(field, StringComparison.OrdinalIgnoreCase));
    }

    private async Task<IReadOnlyList<string>> References(string query) =>
        [.. (await Staff().GetFromJsonAsync<AccountPage>($"{AccountsPath}?{query}", Cancel))!.Items.Select(a => a.ClientReference)];

    private HttpClient Key(Guid clientId) => service.ClientFor(TestCallers.Client(tenantId, clientId));

    private HttpClient Staff() => service.ClientFor(TestCallers.Staff(tenantId, Roles.Agent));
}
