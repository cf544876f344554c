using System.Net;
using System.Net.Http.Json;
using Collections.Gateway.Apis;
using Collections.Gateway.Audit;
using Collections.IntegrationTesting;
using Npgsql;

namespace Collections.Gateway.Tests;

public sealed class AuditTests(GatewayFactory gateway) : IClassFixture<GatewayFactory>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_staff_members_change_is_recorded_with_actor_subject_session_path_and_status()
    {
        var tenant = await gateway.OnboardTenantAsync();
        var officer = await gateway.AddStaffAsync(tenant, "compliance-officer");

        var client = await gateway.AddClientAsync(tenant);

        var entry = await EntryAsync(officer.Client, e => e.Path == "/api/v1/admin/clients");
        Assert.Equal("staff", entry.Actor);
        Assert.Equal(tenant.AdminUserId.ToString(), entry.Subject);
        Assert.StartsWith("session_", entry.Credential);
        Assert.Equal("POST", entry.Method);
        Assert.Equal(201, entry.StatusCode);
    }

    [Fact]
    public async Task A_client_keys_change_is_recorded_with_the_key_prefix_and_the_services_status()
    {
        var (tenant, _, key) = await gateway.OnboardClientWithKeyAsync();
        var officer = await gateway.AddStaffAsync(tenant, "compliance-officer");
        var path = $"/api/v1/accounts/accounts/{Guid.NewGuid()}";

        Assert.Equal(HttpStatusCode.OK, (await gateway.WithApiKey(key.Key).PostAsJsonAsync(path, new { }, Cancel)).StatusCode);

        var entry = await EntryAsync(officer.Client, e => e.Path == path);
        Assert.Equal("client", entry.Actor);
        Assert.Equal(key.Id.ToString(), entry.Subject);
        Assert.Equal(key.Prefix, entry.Credential);
        Assert.Equal("POST", entry.Method);
        Assert.Equal(200, entry.StatusCode);
    }

    [Fact]
    public async Task A_refused_attempt_is_recorded_too()
    {
        var tenant = await gateway.OnboardTenantAsync();
        var agent = await gateway.AddStaffAsync(tenant, "agent");

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.Client.PostAsJsonAsync("/api/v1/admin/clients", new { name = "Acme Bank" }, Cancel)).StatusCode);

        var entry = await EntryAsync(tenant.Client, e => e.Path == "/api/v1/admin/clients");
        Assert.Equal(agent.UserId.ToString(), entry.Subject);
        Assert.Equal(403, entry.StatusCode);
    }

    [Fact]
    public async Task Reads_are_not_recorded()
    {
        var tenant = await gateway.OnboardTenantAsync();
        await tenant.Client.GetAsync("/api/v1/admin/users", Cancel);
        await gateway.AddClientAsync(tenant);

        await EntryAsync(tenant.Client, e => e.Path == "/api/v1/admin/clients");

        var page = await tenant.Client.GetFromJsonAsync<AuditPage>("/api/v1/audit/entries", Cancel);
        Assert.DoesNotContain(page!.Entries, e => e.Method == "GET");
    }

    [Fact]
    public async Task An_agent_cannot_read_the_audit_trail()
    {
        var tenant = await gateway.OnboardTenantAsync();
        var agent = await gateway.AddStaffAsync(tenant, "agent");

        var entries = await agent.Client.GetAsync("/api/v1/audit/entries", Cancel);
        var verification = await agent.Client.GetAsync("/api/v1/audit/verification", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, entries.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, verification.StatusCode);
    }

    [Fact]
    public async Task A_client_api_key_cannot_read_the_audit_trail()
    {
        var (_, _, key) = await gateway.OnboardClientWithKeyAsync();

        var response = await gateway.WithApiKey(key.Key).GetAsync("/api/v1/audit/entries", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Another_tenant_does_not_see_the_entries()
    {
        var (tenantA, _, key) = await gateway.OnboardClientWithKeyAsync();
        var path = $"/api/v1/accounts/accounts/{Guid.NewGuid()}";
        await gateway.WithApiKey(key.Key).PostAsJsonAsync(path, new { }, Cancel);
        await EntryAsync(tenantA.Client, e => e.Path == path);
        var tenantB = await gateway.OnboardTenantAsync();
        await gateway.AddClientAsync(tenantB);
        await EntryAsync(tenantB.Client, e => e.Path == "/api/v1/admin/clients");

        var page = await tenantB.Client.GetFromJsonAsync<AuditPage>("/api/v1/audit/entries?pageSize=500", Cancel);

        Assert.DoesNotContain(page!.Entries, e => e.Path == path || e.Subject == tenantA.AdminUserId.ToString() || e.Subject == key.Id.ToString());
    }

    [Fact]
    public async Task Verification_reports_an_intact_chain()
    {
        var tenant = await gateway.OnboardTenantAsync();
        var client = await gateway.AddClientAsync(tenant);
        await gateway.AddApiKeyAsync(tenant, client.Id);
        var entries = await EntriesAsync(tenant.Client, minimum: 2);

        var verification = await tenant.Client.GetFromJsonAsync<ChainVerification>("/api/v1/audit/verification", Cancel);

        Assert.True(verification!.Intact);
        Assert.Equal(entries.Count, verification.VerifiedEntries);
        Assert.Null(verification.FirstBrokenSequence);
    }

    [Fact]
    public async Task Verification_reports_the_first_entry_altered_in_the_database()
    {
        var tenant = await gateway.OnboardTenantAsync();
        var officer = await gateway.AddStaffAsync(tenant, "compliance-officer");
        var client = await gateway.AddClientAsync(tenant);
        await gateway.AddApiKeyAsync(tenant, client.Id);
        await EntriesAsync(officer.Client, minimum: 3);

        await using (var connection = new NpgsqlConnection(gateway.ConnectionString))
        {
            await connection.OpenAsync(Cancel);
            await using var tamper = new NpgsqlCommand("""UPDATE audit_entries SET "Path" = '/api/v1/admin/nothing-happened' WHERE "TenantId" = @tenant AND "Sequence" = 2""", connection);
            tamper.Parameters.AddWithValue("tenant", tenant.Id);
            Assert.Equal(1, await tamper.ExecuteNonQueryAsync(Cancel));
        }

        var verification = await officer.Client.GetFromJsonAsync<ChainVerification>("/api/v1/audit/verification", Cancel);

        Assert.False(verification!.Intact);
        Assert.Equal(1, verification.VerifiedEntries);
        Assert.Equal(2, verification.FirstBrokenSequence);
    }

    [Fact]
    public async Task Verification_reports_an_entry_deleted_from_the_database()
    {
        var tenant = await gateway.OnboardTenantAsync();
        var client = await gateway.AddClientAsync(tenant);
        await gateway.AddApiKeyAsync(tenant, client.Id);
        await gateway.AddApiKeyAsync(tenant, client.Id);
        await EntriesAsync(tenant.Client, minimum: 3);

        await using (var connection = new NpgsqlConnection(gateway.ConnectionString))
        {
            await connection.OpenAsync(Cancel);
            await using var delete = new NpgsqlCommand("""DELETE FROM audit_entries WHERE "TenantId" = @tenant AND "Sequence" = 2""", connection);
            delete.Parameters.AddWithValue("tenant", tenant.Id);
            Assert.Equal(1, await delete.ExecuteNonQueryAsync(Cancel));
        }

        var verification = await tenant.Client.GetFromJsonAsync<ChainVerification>("/api/v1/audit/verification", Cancel);

        Assert.False(verification!.Intact);
        Assert.Equal(3, verification.FirstBrokenSequence);
    }

    /// <summary>Polls the audit trail until an entry matches; entries are written after the response is sent.</summary>
    private static async Task<AuditEntryResponse> EntryAsync(HttpClient reader, Func<AuditEntryResponse, bool> match)
    {
        var page = await Eventually.Until(
            () => reader.GetFromJsonAsync<AuditPage>("/api/v1/audit/entries?pageSize=500", Cancel),
            p => p!.Entries.Any(match),
            Within,
            "the audit entry");
        return page!.Entries.First(match);
    }

    private static async Task<IReadOnlyList<AuditEntryResponse>> EntriesAsync(HttpClient reader, int minimum)
    {
        var page = await Eventually.Until(
            () => reader.GetFromJsonAsync<AuditPage>("/api/v1/audit/entries?pageSize=500", Cancel),
            p => p!.Entries.Count >= minimum,
            Within,
            $"{minimum} audit entries");
        return page!.Entries;
    }
}
