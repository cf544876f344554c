using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Collections.Gateway.Apis;
using Collections.IntegrationTesting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

[assembly: AssemblyFixture(typeof(PlatformContainers))]

namespace Collections.Gateway.Tests;

/// <summary>
/// The real gateway on its own fresh database and the real broker, with fresh secrets, and the
/// accounts service replaced by an <see cref="EchoServer"/> so tests see what the gateway forwards.
/// </summary>
public sealed class GatewayFactory(PlatformContainers containers) : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>The web front end's address: the one proxy the gateway under test believes about <c>X-Forwarded-For</c>.</summary>
    public const string WebFrontEndAddress = "10.80.0.2";

    private static int lastAddress;

    public string PlatformKey { get; } = "platform-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public string SigningKey { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));

    /// <summary>The key pair of the internal caller tokens; the gateway holds the private key.</summary>
    public ECDsa InternalKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>
    /// What a service validates internal tokens with. Kept for the factory's lifetime: IdentityModel
    /// caches verifiers by key thumbprint, so a disposed copy of the same key would break later checks.
    /// </summary>
    public ECDsa InternalPublicKey => field ??= ECDsa.Create(InternalKey.ExportParameters(includePrivateParameters: false));

    public EchoServer Accounts { get; } = new();

    public string ConnectionString { get; private set; } = "";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        ConnectionString = await containers.CreateDatabaseAsync("gateway");
        await Accounts.StartAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:gatewaydb", ConnectionString);
        builder.UseSetting("ConnectionStrings:messaging", containers.RabbitMqConnectionString);
        builder.UseSetting("Security:Tokens:SigningKey", SigningKey);
        builder.UseSetting("Security:Internal:PrivateKey", InternalKey.ExportPkcs8PrivateKeyPem());
        builder.UseSetting("Security:PlatformAdmin:ApiKey", PlatformKey);
        builder.UseSetting("services:accounts:http:0", Accounts.Address.ToString().TrimEnd('/'));
        builder.UseSetting("services:outreach:http:0", Accounts.Address.ToString().TrimEnd('/'));
        // Replaces the configured loopback entries, which the test clients' made-up 127.x addresses would match.
        builder.UseSetting("Gateway:KnownProxies:0", WebFrontEndAddress);
        builder.UseSetting("Gateway:KnownProxies:1", WebFrontEndAddress);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, RemoteAddressFromTest>());
    }

    /// <summary>
    /// A client with its own remote address, as a separate machine would have: the in-memory test
    /// server has none, and sign-ins are rate limited per address.
    /// </summary>
    public HttpClient Anonymous()
    {
        var address = Interlocked.Increment(ref lastAddress);
        var client = CreateDefaultClient();
        client.DefaultRequestHeaders.Add(RemoteAddressFromTest.Header, $"127.{(address >> 16) & 255}.{(address >> 8) & 255}.{address & 255}");
        return client;
    }

    /// <summary>A client connecting from <paramref name="remoteAddress"/>.</summary>
    public HttpClient From(string remoteAddress)
    {
        var client = CreateDefaultClient();
        client.DefaultRequestHeaders.Add(RemoteAddressFromTest.Header, remoteAddress);
        return client;
    }

    public HttpClient Platform() => WithHeader(Anonymous(), "X-Api-Key", PlatformKey);

    public HttpClient WithApiKey(string key) => WithHeader(Anonymous(), "X-Api-Key", key);

    public HttpClient WithToken(string accessToken)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>Onboards a tenant with a unique slug and signs its admin in.</summary>
    public async Task<TenantAdmin> OnboardTenantAsync()
    {
        var slug = $"t-{Guid.NewGuid():N}";
        var admin = new StaffCredentials($"admin@{slug}.example", NewPassword());
        var response = await Platform().PostAsJsonAsync("/api/v1/platform/tenants", Onboarding(slug, admin), Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var tenant = (await response.Content.ReadFromJsonAsync<TenantResponse>(Cancel))!;
        var tokens = await SignInAsync(slug, admin);
        return new TenantAdmin(tenant.Id, slug, tenant.AdminUserId!.Value, admin, tokens, WithToken(tokens.AccessToken));
    }

    public static object Onboarding(string slug, StaffCredentials admin) => new
    {
        slug,
        name = $"Agency {slug}",
        kind = "Agency",
        admin = new { email = admin.Email, displayName = "First Admin", password = admin.Password },
    };

    public Task<HttpResponseMessage> RequestSignInAsync(string slug, string email, string password) =>
        Anonymous().PostAsJsonAsync("/api/v1/auth/token", new { tenant = slug, email, password }, Cancel);

    public async Task<TokenResponse> SignInAsync(string slug, StaffCredentials user)
    {
        var response = await RequestSignInAsync(slug, user.Email, user.Password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TokenResponse>(Cancel))!;
    }

    public Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        Anonymous().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken }, Cancel);

    /// <summary>Creates a staff user with <paramref name="roles"/> and signs them in.</summary>
    public async Task<SignedInStaff> AddStaffAsync(TenantAdmin tenant, params string[] roles)
    {
        var user = new StaffCredentials($"{roles[0]}-{Guid.NewGuid():N}@{tenant.Slug}.example", NewPassword());
        var response = await tenant.Client.PostAsJsonAsync(
            "/api/v1/admin/users",
            new { email = user.Email, displayName = roles[0], password = user.Password, roles },
            Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<UserResponse>(Cancel))!;
        var tokens = await SignInAsync(tenant.Slug, user);
        return new SignedInStaff(created.Id, user, tokens, WithToken(tokens.AccessToken));
    }

    public async Task<ClientResponse> AddClientAsync(TenantAdmin tenant)
    {
        var response = await tenant.Client.PostAsJsonAsync("/api/v1/admin/clients", new { name = $"Creditor {Guid.NewGuid():N}" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ClientResponse>(Cancel))!;
    }

    public async Task<NewApiKeyResponse> AddApiKeyAsync(TenantAdmin tenant, Guid clientId)
    {
        var response = await tenant.Client.PostAsJsonAsync($"/api/v1/admin/clients/{clientId}/api-keys", new { name = "placement upload" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<NewApiKeyResponse>(Cancel))!;
    }

    /// <summary>A client business of a new tenant with one API key.</summary>
    public async Task<(TenantAdmin Tenant, ClientResponse Client, NewApiKeyResponse Key)> OnboardClientWithKeyAsync()
    {
        var tenant = await OnboardTenantAsync();
        var client = await AddClientAsync(tenant);
        return (tenant, client, await AddApiKeyAsync(tenant, client.Id));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Accounts.DisposeAsync();
        InternalPublicKey.Dispose();
        InternalKey.Dispose();
        GC.SuppressFinalize(this);
    }

    private static string NewPassword() => "pw-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));

    private static HttpClient WithHeader(HttpClient client, string name, string value)
    {
        client.DefaultRequestHeaders.Add(name, value);
        return client;
    }

    /// <summary>Takes the request's remote address from a test header, ahead of the gateway's own pipeline.</summary>
    private sealed class RemoteAddressFromTest : IStartupFilter
    {
        public const string Header = "X-Test-Remote-Address";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, proceed) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                    context.Request.Headers.Remove(Header);
                }

                await proceed(context);
            });
            next(app);
        };
    }
}

public sealed record StaffCredentials(string Email, string Password);

/// <summary>A freshly onboarded tenant and its signed-in first admin.</summary>
public sealed record TenantAdmin(Guid Id, string Slug, Guid AdminUserId, StaffCredentials Admin, TokenResponse Tokens, HttpClient Client);

public sealed record SignedInStaff(Guid UserId, StaffCredentials Credentials, TokenResponse Tokens, HttpClient Client);
