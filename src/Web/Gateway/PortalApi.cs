namespace Collections.Web.Gateway;

/// <summary>What the consumer portal asks the gateway, as the signed-in consumer.</summary>
public sealed class PortalApi(GatewayApi api)
{
    /// <summary>The consumer's own accounts (the gateway scopes a consumer token to them).</summary>
    public Task<ApiResult<AccountPage>> AccountsAsync(CancellationToken cancellationToken = default) =>
        api.GetAsync<AccountPage>("api/v1/accounts/accounts?pageSize=50", cancellationToken);

    public Task<ApiResult<Account>> AccountAsync(Guid accountId, CancellationToken cancellationToken = default) =>
        api.GetAsync<Account>($"api/v1/accounts/accounts/{accountId}", cancellationToken);
}
