using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Collections.EndToEnd.Tests.Hostile;

/// <summary>A parameter of an operation (path, query or header) with its schema.</summary>
public sealed record OperationParameter(string Name, string In, bool Required, JsonElement Schema);

/// <summary>
/// One public operation with what its OpenAPI document says about its input: parameters and the
/// request body's media types and schema (references resolved against the document it came from).
/// </summary>
public sealed class HostileOperation(Operation operation, JsonElement document, IReadOnlyList<OperationParameter> parameters, IReadOnlyDictionary<string, JsonElement> bodies, bool bodyRequired)
{
    public Operation Operation { get; } = operation;

    public string Method => Operation.Method;

    public string PathTemplate => Operation.PathTemplate;

    public IReadOnlyList<OperationParameter> Parameters { get; } = parameters;

    /// <summary>Request body schemas by media type.</summary>
    public IReadOnlyDictionary<string, JsonElement> Bodies { get; } = bodies;

    public bool BodyRequired { get; } = bodyRequired;

    public JsonElement? JsonBody => Bodies.FirstOrDefault(b => b.Key.Contains("json", StringComparison.OrdinalIgnoreCase)).Value is { ValueKind: not JsonValueKind.Undefined } schema ? schema : null;

    public JsonElement? MultipartBody => Bodies.FirstOrDefault(b => b.Key.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase)).Value is { ValueKind: not JsonValueKind.Undefined } schema ? schema : null;

    /// <summary>A request that changes state: its valid form must never be sent with real ids when it has no body to break.</summary>
    public bool IsWrite => Method is not "GET";

    public JsonElement Resolve(JsonElement schema)
    {
        for (var hops = 0; hops < 16 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference); hops++)
        {
            var target = document;
            foreach (var segment in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                target = target.GetProperty(segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
            }

            schema = target;
        }

        // A nullable reference is written as oneOf/anyOf [null, {$ref}]: the non-null branch is the shape.
        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty(combinator, out var branches) && !schema.TryGetProperty("type", out _))
            {
                foreach (var branch in branches.EnumerateArray())
                {
                    var resolved = Resolve(branch);
                    if (!SchemaTypes.Of(resolved).SetEquals(["null"]))
                    {
                        return resolved;
                    }
                }
            }
        }

        return schema;
    }

    public override string ToString() => Operation.ToString();
}

/// <summary>The JSON types a schema allows.</summary>
public static class SchemaTypes
{
    public static HashSet<string> Of(JsonElement schema)
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return types;
        }

        if (schema.TryGetProperty("type", out var type))
        {
            if (type.ValueKind == JsonValueKind.String)
            {
                types.Add(type.GetString()!);
            }
            else if (type.ValueKind == JsonValueKind.Array)
            {
                types.UnionWith(type.EnumerateArray().Select(t => t.GetString()!));
            }
        }
        else if (schema.TryGetProperty("properties", out _))
        {
            types.Add("object");
        }

        return types;
    }

    /// <summary>The one non-null type a field has ("number" wins over "string" for decimals written as number-or-string).</summary>
    public static string? Primary(JsonElement schema)
    {
        var types = Of(schema);
        types.Remove("null");
        foreach (var preferred in new[] { "object", "array", "integer", "number", "boolean", "string" })
        {
            if (types.Contains(preferred))
            {
                return preferred;
            }
        }

        return null;
    }

    public static string? Format(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("format", out var format) ? format.GetString() : null;
}

/// <summary>Reads every public operation with its input schema from the OpenAPI documents the gateway serves.</summary>
public static class HostileSurface
{
    public static async Task<IReadOnlyList<HostileOperation>> LoadAsync(HttpClient gateway, CancellationToken cancellationToken)
    {
        var operations = new List<HostileOperation>();
        foreach (var name in AttackSurface.Documents)
        {
            var document = await gateway.GetFromJsonAsync<JsonElement>(name, cancellationToken);
            foreach (var path in document.GetProperty("paths").EnumerateObject())
            {
                var shared = path.Value.TryGetProperty("parameters", out var pathParameters) ? pathParameters.EnumerateArray().ToList() : [];
                foreach (var method in path.Value.EnumerateObject())
                {
                    if (method.Name is not ("get" or "post" or "put" or "patch" or "delete"))
                    {
                        continue;
                    }

                    var parameters = new List<OperationParameter>();
                    var declared = method.Value.TryGetProperty("parameters", out var own) ? own.EnumerateArray().ToList() : [];
                    foreach (var parameter in shared.Concat(declared))
                    {
                        var p = parameter.TryGetProperty("$ref", out _) ? ResolveIn(document, parameter) : parameter;
                        parameters.Add(new OperationParameter(
                            p.GetProperty("name").GetString()!,
                            p.GetProperty("in").GetString()!,
                            p.TryGetProperty("required", out var required) && required.GetBoolean(),
                            p.TryGetProperty("schema", out var schema) ? schema : default));
                    }

                    var bodies = new Dictionary<string, JsonElement>(StringComparer.OrdinalIgnoreCase);
                    var bodyRequired = false;
                    if (method.Value.TryGetProperty("requestBody", out var body))
                    {
                        body = body.TryGetProperty("$ref", out _) ? ResolveIn(document, body) : body;
                        bodyRequired = body.TryGetProperty("required", out var r) && r.GetBoolean();
                        if (body.TryGetProperty("content", out var content))
                        {
                            foreach (var media in content.EnumerateObject())
                            {
                                bodies[media.Name] = media.Value.TryGetProperty("schema", out var schema) ? schema : default;
                            }
                        }
                    }

                    operations.Add(new HostileOperation(
                        new Operation(method.Name.ToUpperInvariant(), path.Name, name), document, parameters, bodies, bodyRequired));
                }
            }
        }

        return operations;
    }

    private static JsonElement ResolveIn(JsonElement document, JsonElement reference)
    {
        var target = document;
        foreach (var segment in reference.GetProperty("$ref").GetString()!.TrimStart('#', '/').Split('/'))
        {
            target = target.GetProperty(segment);
        }

        return target;
    }

    /// <summary>A value of the schema's shape, as plain as possible: the body a hostile case starts from and breaks one part of.</summary>
    public static JsonNode? Example(HostileOperation operation, JsonElement schema, int depth = 0)
    {
        schema = operation.Resolve(schema);
        if (schema.ValueKind != JsonValueKind.Object || depth > 6)
        {
            return null;
        }

        if (schema.TryGetProperty("example", out var example))
        {
            return JsonNode.Parse(example.GetRawText());
        }

        if (schema.TryGetProperty("enum", out var values) && values.GetArrayLength() > 0)
        {
            return JsonNode.Parse(values[0].GetRawText());
        }

        switch (SchemaTypes.Primary(schema))
        {
            case "object":
                var obj = new JsonObject();
                if (schema.TryGetProperty("properties", out var properties))
                {
                    foreach (var property in properties.EnumerateObject())
                    {
                        obj[property.Name] = Example(operation, property.Value, depth + 1);
                    }
                }

                return obj;
            case "array":
                var item = schema.TryGetProperty("items", out var items) ? Example(operation, items, depth + 1) : null;
                return item is null ? new JsonArray() : new JsonArray(item);
            case "integer":
                return JsonValue.Create(1);
            case "number":
                return JsonValue.Create(10.5m);
            case "boolean":
                return JsonValue.Create(true);
            case "string":
                return SchemaTypes.Format(schema) switch
                {
                    "uuid" => JsonValue.Create(Guid.NewGuid().ToString()),
                    "date-time" => JsonValue.Create(DateTimeOffset.UtcNow.AddDays(1).ToString("O")),
                    "date" => JsonValue.Create("1980-02-29"),
                    "email" => JsonValue.Create("sam@example.com"),
                    "uri" => JsonValue.Create("https://hooks.invalid/collections"),
                    _ => JsonValue.Create("sample"),
                };
            default:
                return null;
        }
    }
}
