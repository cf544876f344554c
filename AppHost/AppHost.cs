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

var accounts = builder.AddProject<Projects.Accounts>("accounts")
    .WithHttpEndpoint(name: "grpc", env: "GRPC_PORT")
    .WithReference(accountsDb).WaitFor(accountsDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithHttpHealthCheck("/health");

var outreach = builder.AddProject<Projects.Outreach>("outreach")
    .WithReference(outreachDb).WaitFor(outreachDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(accounts)
    .WithHttpHealthCheck("/health");

var payments = builder.AddProject<Projects.Payments>("payments")
    .WithReference(paymentsDb).WaitFor(paymentsDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(accounts)
    .WithHttpHealthCheck("/health");

var disputes = builder.AddProject<Projects.Disputes>("disputes")
    .WithReference(disputesDb).WaitFor(disputesDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(accounts)
    .WithHttpHealthCheck("/health");

var reporting = builder.AddProject<Projects.Reporting>("reporting")
    .WithReference(reportingDb).WaitFor(reportingDb)
    .WithReference(messaging).WaitFor(messaging)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.Gateway>("gateway")
    .WithReference(accounts).WithReference(outreach).WithReference(payments).WithReference(disputes).WithReference(reporting)
    .WaitFor(accounts).WaitFor(outreach).WaitFor(payments).WaitFor(disputes).WaitFor(reporting)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health");

builder.Build().Run();
