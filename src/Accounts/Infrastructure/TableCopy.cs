using System.Buffers;
using System.Collections;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Collections.Accounts.Infrastructure;

/// <summary>
/// Binary <c>COPY</c> of entities into their table, with the columns, types and value conversions
/// taken from the EF Core model, so a column added to the model is copied without touching this
/// code. Complex properties stored as JSON are written as EF Core writes them (<see cref="ModelJson"/>).
/// Identity columns and shadow properties (the row version, computed columns) are left to the database.
/// </summary>
internal sealed class TableCopy<T>
    where T : class
{
    private static readonly ConcurrentDictionary<IModel, TableCopy<T>> ForModel = new();

    private readonly string command;
    private readonly Column[] columns;
    private readonly JsonColumn[] jsonColumns;

    private TableCopy(IEntityType entityType)
    {
        if (entityType.GetComplexProperties().Any(c => c.ComplexType.GetContainerColumnName() is null)
            || entityType.GetNavigations().Any(n => n.TargetEntityType.IsOwned()))
        {
            // Owned types and complex types mapped to columns of their own live in other columns or
            // tables that a flat copy would silently leave empty; complex types stored as JSON are copied.
            throw new InvalidOperationException($"{typeof(T).Name} has owned or table-split complex properties, which {nameof(TableCopy<T>)} does not copy.");
        }

        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        jsonColumns =
        [
            .. entityType.GetComplexProperties().Select(c => new JsonColumn(
                c.ComplexType.GetContainerColumnName()!,
                c.ComplexType.GetContainerColumnType() ?? "jsonb",
                c)),
        ];
        columns =
        [
            .. entityType.GetProperties()
                .Where(p => !p.IsShadowProperty()
                    && p.GetValueGenerationStrategy(table) is not (NpgsqlValueGenerationStrategy.IdentityAlwaysColumn
                        or NpgsqlValueGenerationStrategy.IdentityByDefaultColumn or NpgsqlValueGenerationStrategy.SerialColumn))
                .Select(p => new Column(
                    p.GetColumnName(table)!,
                    p.GetRelationalTypeMapping().StoreTypeNameBase,
                    p.GetGetter(),
                    p.GetTypeMapping().Converter)),
        ];
        command = $"COPY {Quote(table.Name)} ({string.Join(", ", columns.Select(c => Quote(c.Name)).Concat(jsonColumns.Select(c => Quote(c.Name))))}) FROM STDIN (FORMAT BINARY)";
    }

    public static TableCopy<T> Of(DbContext db) =>
        ForModel.GetOrAdd(db.Model, model => new TableCopy<T>(model.FindEntityType(typeof(T))!));

    /// <summary>Copies <paramref name="rows"/> on <paramref name="connection"/>, inside its current transaction.</summary>
    public async Task WriteAsync(NpgsqlConnection connection, IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var importer = await connection.BeginBinaryImportAsync(command, cancellationToken);
        foreach (var row in rows)
        {
            // Values go to the importer's buffer; only a full buffer is flushed to the server, so
            // the synchronous writes do not block on I/O row by row, and avoid an async state machine per value.
            importer.StartRow();
            foreach (var column in columns)
            {
                var value = column.Getter.GetClrValueUsingContainingEntity(row);
                if (value is not null && column.Converter is { } converter)
                {
                    value = converter.ConvertToProvider(value);
                }

                if (value is null)
                {
                    importer.WriteNull();
                }
                else
                {
                    importer.Write(value, column.DataTypeName);
                }
            }

            foreach (var column in jsonColumns)
            {
                if (ModelJson.Write(column.Property, column.Property.PropertyInfo!.GetValue(row)) is { } json)
                {
                    importer.Write(json, column.DataTypeName);
                }
                else
                {
                    importer.WriteNull();
                }
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private sealed record JsonColumn(string Name, string DataTypeName, IComplexProperty Property);

    private sealed record Column(string Name, string DataTypeName, IClrPropertyGetter Getter, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter);
}

/// <summary>
/// A complex property stored as JSON, written as EF Core writes it: property names and value
/// writers taken from the model, so what is copied reads back through EF Core unchanged.
/// </summary>
internal static class ModelJson
{
    /// <summary>The JSON text of <paramref name="value"/>, the value of <paramref name="property"/>; null for null.</summary>
    public static string? Write(IComplexProperty property, object? value)
    {
        if (value is null)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteValue(writer, property, value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteValue(Utf8JsonWriter writer, IComplexProperty property, object value)
    {
        if (property.IsCollection)
        {
            writer.WriteStartArray();
            foreach (var element in (IEnumerable)value)
            {
                WriteObject(writer, property.ComplexType, element);
            }

            writer.WriteEndArray();
        }
        else
        {
            WriteObject(writer, property.ComplexType, value);
        }
    }

    private static void WriteObject(Utf8JsonWriter writer, IComplexType type, object? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        foreach (var property in type.GetProperties())
        {
            if (property.IsShadowProperty())
            {
                continue;
            }

            writer.WritePropertyName(property.GetJsonPropertyName() ?? property.Name);
            var propertyValue = ValueOf(property, value);
            if (propertyValue is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                var json = property.GetJsonValueReaderWriter() ?? property.GetTypeMapping().JsonValueReaderWriter
                    ?? throw new InvalidOperationException($"{type.DisplayName()}.{property.Name} has no JSON writer.");
                json.ToJson(writer, propertyValue);
            }
        }

        foreach (var complex in type.GetComplexProperties())
        {
            writer.WritePropertyName(complex.GetJsonPropertyName() ?? complex.Name);
            var complexValue = complex.PropertyInfo?.GetValue(value) ?? complex.FieldInfo?.GetValue(value);
            if (complexValue is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                WriteValue(writer, complex, complexValue);
            }
        }

        writer.WriteEndObject();
    }

    private static object? ValueOf(IProperty property, object value) =>
        property.PropertyInfo is { } info ? info.GetValue(value)
        : property.FieldInfo is { } field ? field.GetValue(value)
        : throw new InvalidOperationException($"{property.DeclaringType.DisplayName()}.{property.Name} has no CLR member.");
}
