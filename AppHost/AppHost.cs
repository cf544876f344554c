using Collections.AppHost;

var builder = DistributedApplication.CreateBuilder(args);
ContainerImages.EnsureContainerRuntime(builder.Configuration);

var postgres = builder.AddPostgres("postgres").WithImageFromConfiguration("Postgres");
var messaging = builder.AddRabbitMQ("messaging").WithManagementPlugin(port: 15672).WithImageFromConfiguration("RabbitMq");

var accountsDb = postgres.AddDatabase("accountsdb");
var outreachDb = postgres.AddDatabase("outreachdb");
var paymentsDb = postgres.AddDatabase("paymentsdb");
var disputesDb = postgres.AddDatabase("disputesdb");
var reportingDb = postgres.AddDatabase("reportingdb");
var gatewayDb = postgres.AddDatabase("gatewaydb");

// Secrets are generated for each run, never kept in the repository: the key that signs staff and
// consumer tokens, the platform operator's API key (shown in the dashboard's parameters), and the
// key pair with which the gateway signs the caller identity it forwards to the services.
var tokenSigningKey = builder.AddParameter("token-signing-key", new GenerateParameterDefault { MinLength = 64, Special = false }, secret: true);
var platformAdminKey = builder.AddParameter("platform-admin-key", new GenerateParameterDefault { MinLength = 40, Special = false }, secret: true);
var callerKeys = CallerSigningKeys.Generate();
// Encrypts the clients' remittance bank account numbers in Payments' database.
var remittanceAccountKey = builder.AddParameter("remittance-account-key", new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true);
var optOutSigningKey = builder.AddParameter("outreach-opt-out-key", new GenerateParameterDefault { MinLength = 48, Special = false }, secret: true);

var accounts = builder.AddProject<Projects.Accounts>("accounts")
    .WithEnvironment(CallerSigningKeys.PublicKeyVariable, callerKeys.PublicKeyPem)
    .WithHttpEndpoint(name: "grpc", env: "GRPC_PORT")
    .WithReference(accountsDb).WaitFor(accountsDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithHttpHealthCheck("/health");

var outreach = builder.AddProject<Projects.Outreach>("outreach")
    .WithEnvironment(CallerSigningKeys.PublicKeyVariable, callerKeys.PublicKeyPem)
    .WithEnvironment("Outreach__OptOut__SigningKey", optOutSigningKey)
    .WithReference(outreachDb).WaitFor(outreachDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(accounts)
    .WithHttpHealthCheck("/health");

var payments = builder.AddProject<Projects.Payments>("payments")
    .WithEnvironment(CallerSigningKeys.PublicKeyVariable, callerKeys.PublicKeyPem)
    .WithEnvironment("Payments__Remittance__AccountNumberKey", remittanceAccountKey)
    // The platform pays through the offline sandbox processor: its tokenization endpoint stands in for the
    // processor's, which the portal's payment form calls from the browser.
    .WithEnvironment("Payments__Sandbox__Enabled", "true")
    .WithReference(paymentsDb).WaitFor(paymentsDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(accounts)
    .WithHttpHealthCheck("/health");

var disputes = builder.AddProject<Projects.Disputes>("disputes")
    .WithEnvironment(CallerSigningKeys.PublicKeyVariable, callerKeys.PublicKeyPem)
    .WithReference(disputesDb).WaitFor(disputesDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(accounts)
    .WithHttpHealthCheck("/health");

var reporting = builder.AddProject<Projects.Reporting>("reporting")
    .WithEnvironment(CallerSigningKeys.PublicKeyVariable, callerKeys.PublicKeyPem)
    .WithReference(reportingDb).WaitFor(reportingDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithHttpHealthCheck("/health");

// The web front end (consumer portal, agent workspace, supervisor dashboard): served through the gateway
// under /app, and calling the services only through the gateway's API with its signed-in user's token.
var web = builder.AddProject<Projects.Web>("web")
    .WithHttpHealthCheck("/health");

var gateway = builder.AddProject<Projects.Gateway>("gateway")
    .WithReference(gatewayDb).WaitFor(gatewayDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithEnvironment(CallerSigningKeys.PrivateKeyVariable, callerKeys.PrivateKeyPem)
    .WithEnvironment("Security__Tokens__SigningKey", tokenSigningKey)
    .WithEnvironment("Security__PlatformAdmin__ApiKey", platformAdminKey)
    .WithReference(accounts).WithReference(outreach).WithReference(payments).WithReference(disputes).WithReference(reporting)
    .WithReference(web)
    .WaitFor(accounts).WaitFor(outreach).WaitFor(payments).WaitFor(disputes).WaitFor(reporting)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

web.WithReference(gateway);

builder.Build().Run();
