using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace Collections.Accounts.Infrastructure;

/// <summary>
/// Binary <c>COPY</c> of entities into their table, with the columns, types and value conversions
/// taken from the EF Core model, so a column added to the model is copied without touching this
/// code. Identity columns and shadow properties (the row version) are left to the database.
/// </summary>
internal sealed class TableCopy<T>
    where T : class
{
    private static readonly ConcurrentDictionary<IModel, TableCopy<T>> ForModel = new();

    private readonly string command;
    private readonly Column[] columns;

    private TableCopy(IEntityType entityType)
    {
        if (entityType.GetComplexProperties().Any() || entityType.GetNavigations().Any(n => n.TargetEntityType.IsOwned()))
        {
            // Owned and complex types live in other columns or tables that a flat copy would silently leave empty.
            throw new InvalidOperationException($"{typeof(T).Name} has owned or complex properties, which {nameof(TableCopy<T>)} does not copy.");
        }

        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
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
        command = $"COPY {Quote(table.Name)} ({string.Join(", ", columns.Select(c => Quote(c.Name)))}) FROM STDIN (FORMAT BINARY)";
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
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private sealed record Column(string Name, string DataTypeName, IClrPropertyGetter Getter, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter);
}
