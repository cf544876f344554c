using Collections.BuildingBlocks.Messaging;
using Collections.BuildingBlocks.Tenancy;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Collections.BuildingBlocks.Persistence;

/// <summary>Registers a service's own PostgreSQL database.</summary>
public static class DatabaseExtensions
{
    /// <summary>
    /// Adds <typeparamref name="TContext"/> over the connection string <paramref name="connectionName"/>,
    /// with the outbox's commit signal and the tenant write guard, plus Aspire's health check and telemetry.
    /// Retries are left to the message retry and to callers: EF's retrying strategy does not mix with
    /// the explicit transactions of the inbox and outbox.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string connectionName)
        where TContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"ConnectionStrings:{connectionName} is not configured.");

        // Every service and the gateway share one PostgreSQL server in development and in the test platform; Npgsql's
        // default pool of 100 connections per process would let seven processes ask for 700 of the server's 100
        // under load ("too many clients"). Unless the connection string says otherwise, a process keeps to
        // Database:MaxPoolSize connections (12 by default) and waits for a free one instead.
        string[] poolSizeKeywords = ["Maximum Pool Size", "Max Pool Size", "MaxPoolSize"];
        if (!poolSizeKeywords.Any(keyword => connectionString.Contains(keyword, StringComparison.OrdinalIgnoreCase)))
        {
            connectionString = new NpgsqlConnectionStringBuilder(connectionString)
            {
                MaxPoolSize = builder.Configuration.GetValue("Database:MaxPoolSize", 12),
            }.ConnectionString;
        }

        builder.Services.AddTenancy();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxCommitInterceptor>();
        var faults = FaultInjection.FromConfiguration(builder.Configuration);
        if (faults is not null)
        {
            builder.Services.TryAddSingleton(faults);
        }

        builder.Services.AddDbContext<TContext>((sp, options) =>
        {
            if (faults is not null)
            {
                options.AddInterceptors(new FaultCommitInterceptor(faults));
            }

            options.UseNpgsql(connectionString)
                .AddInterceptors(sp.GetRequiredService<OutboxCommitInterceptor>(), sp.GetRequiredService<TenantWriteGuard>());
        });
        builder.EnrichNpgsqlDbContext<TContext>(settings => settings.DisableRetry = true);
        return builder;
    }

    /// <summary>Applies pending migrations before the service starts taking requests.</summary>
    public static async Task MigrateDatabaseAsync<TContext>(this WebApplication app)
        where TContext : DbContext
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TContext>().Database.MigrateAsync();
    }
}
