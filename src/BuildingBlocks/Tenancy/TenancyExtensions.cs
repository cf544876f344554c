using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.ClientFactory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Collections.BuildingBlocks.Tenancy;

/// <summary>Establishes the tenant of gRPC calls from their metadata, and passes it on outgoing gRPC calls.</summary>
public static class TenancyExtensions
{
    /// <summary>Registers the scoped <see cref="TenantContext"/> and the gRPC tenant interceptors.</summary>
    public static IServiceCollection AddTenancy(this IServiceCollection services)
    {
        services.AddScoped<TenantContext>();
        services.AddScoped<TenantWriteGuard>();
        services.AddScoped<TenantClientInterceptor>();
        return services;
    }

    /// <summary>Adds the server-side tenant interceptor to gRPC services.</summary>
    public static IServiceCollection AddTenantAwareGrpc(this IServiceCollection services)
    {
        services.AddGrpc(options => options.Interceptors.Add<TenantServerInterceptor>());
        return services;
    }

    /// <summary>
    /// Maps a gRPC service for the other services only. gRPC needs HTTP/2 without TLS, which only the
    /// internal gRPC port speaks (the public port is HTTP/1.1 for cleartext), and the gateway routes
    /// only <c>/api/v1/…</c>; so callers are other services, and the tenant comes from the call's
    /// metadata instead of a caller token.
    /// </summary>
    public static GrpcServiceEndpointConventionBuilder MapInternalGrpcService<TService>(this IEndpointRouteBuilder app)
        where TService : class =>
        app.MapGrpcService<TService>().AllowAnonymous();

    /// <summary>Makes a gRPC client send the caller's tenant in its metadata.</summary>
    public static IHttpClientBuilder AddTenantPropagation(this IHttpClientBuilder builder) =>
        builder.AddInterceptor<TenantClientInterceptor>(InterceptorScope.Client);
}

/// <summary>Copies the scope's tenant into the metadata of every outgoing gRPC call.</summary>
internal sealed class TenantClientInterceptor(TenantContext tenant) : Interceptor
{
    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithTenant(context));

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
        continuation(request, WithTenant(context));

    private ClientInterceptorContext<TRequest, TResponse> WithTenant<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
        where TRequest : class
        where TResponse : class
    {
        var headers = context.Options.Headers ?? [];
        headers.Add(TenantHeaders.TenantId, tenant.RequiredTenantId.ToString());
        return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
    }
}

/// <summary>Establishes the tenant of an incoming gRPC call from its metadata; a call without one is refused.</summary>
internal sealed class TenantServerInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        Establish(context);
        return continuation(request, context);
    }

    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        Establish(context);
        return continuation(request, responseStream, context);
    }

    private static void Establish(ServerCallContext context)
    {
        var value = context.RequestHeaders.GetValue(TenantHeaders.TenantId);
        if (!Guid.TryParse(value, out var tenantId) || tenantId == Guid.Empty)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, $"The {TenantHeaders.TenantId} metadata entry is required."));
        }

        context.GetHttpContext().RequestServices.GetRequiredService<TenantContext>().Use(tenantId);
    }
}
