using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Collections.Accounts.Infrastructure;

namespace Collections.Accounts.Apis;

/// <summary>
/// Turns a placement body (a CSV file or a JSON array of <see cref="PlaceAccountRequest"/>) into
/// rows, one at a time: the body is never held whole. Each row is checked with the same rules as a
/// single placement; an invalid row becomes a rejection with its reason, and the rows around it go on.
/// </summary>
public static class PlacementFile
{
    /// <summary>A CSV body: a header row naming <see cref="PlacementCsvColumns"/>, then one account per row.</summary>
    public const string CsvContentType = "text/csv";

    public const string JsonContentType = "application/json";

    /// <summary>
    /// Reads the CSV header of <paramref name="body"/>; null and the problem with it when it is not
    /// a placement file. The rows follow with <see cref="CsvRowsAsync"/> on the returned reader.
    /// </summary>
    public static async Task<(CsvRecordReader? Reader, PlacementCsvColumns? Columns, string? Problem)> OpenCsvAsync(Stream body, CancellationToken cancellationToken)
    {
        var reader = new CsvRecordReader(new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true));
        var header = new List<string>();
        bool read;
        try
        {
            read = await reader.ReadAsync(header, cancellationToken);
        }
        catch (PlacementBodyException ex)
        {
            return (null, null, ex.Message);
        }

        if (!read)
        {
            return (null, null, "The body is empty: a placement file starts with a header row naming its columns.");
        }

        var (columns, problem) = PlacementCsvColumns.FromHeader(header);
        return (columns is null ? null : reader, columns, problem);
    }

    /// <summary>The rows of a CSV placement after its header, for <paramref name="clientId"/>.</summary>
    public static async IAsyncEnumerable<PlacementRow> CsvRowsAsync(
        CsvRecordReader reader, PlacementCsvColumns columns, Guid clientId, DateOnly today, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var fields = new List<string>(columns.Count);
        long rowNumber = 0;
        while (await reader.ReadAsync(fields, cancellationToken))
        {
            rowNumber++;
            yield return columns.Map(rowNumber, fields, clientId, today);
        }
    }

    /// <summary>Whether <paramref name="body"/> starts (after white space) with a JSON array, without consuming it.</summary>
    public static async Task<string?> JsonArrayProblemAsync(PipeReader body, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await body.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var position = 0L;
            foreach (var segment in buffer)
            {
                foreach (var b in segment.Span)
                {
                    if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
                    {
                        position++;
                        continue;
                    }

                    body.AdvanceTo(buffer.Start, buffer.Start);
                    return b == '[' ? null : "The body must be a JSON array of accounts (or a CSV file sent as text/csv).";
                }
            }

            body.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return "The body is empty: send a JSON array of accounts.";
            }
        }
    }

    /// <summary>The accounts of a JSON array, each checked as a single placement would be.</summary>
    public static async IAsyncEnumerable<PlacementRow> JsonRowsAsync(
        Stream body, JsonSerializerOptions options, Guid clientId, DateOnly today, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var elements = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(body, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        long rowNumber = 0;
        try
        {
            while (true)
            {
                try
                {
                    if (!await elements.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (JsonException ex)
                {
                    throw new PlacementBodyException($"The body is not valid JSON after row {rowNumber}: {ex.Message} The rows before it are placed.");
                }

                rowNumber++;
                yield return JsonRow(rowNumber, elements.Current, options, clientId, today);
            }
        }
        finally
        {
            await elements.DisposeAsync();
        }
    }

    private static PlacementRow JsonRow(long rowNumber, JsonElement element, JsonSerializerOptions options, Guid clientId, DateOnly today)
    {
        var reference = element.ValueKind == JsonValueKind.Object
            && element.TryGetProperty("clientReference", out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()?.Trim()
                : null;
        PlaceAccountRequest? request;
        try
        {
            request = element.Deserialize<PlaceAccountRequest>(options);
        }
        catch (JsonException ex)
        {
            return PlacementRow.Invalid(rowNumber, reference, $"Not an account: {ex.Message}");
        }

        return request is null
            ? PlacementRow.Invalid(rowNumber, reference, "Not an account: null.")
            : PlacementRowRules.Check(rowNumber, request, clientId, today, field => field);
    }
}

/// <summary>The checks every placed row passes, whichever way it came: the single placement's, plus the placement's client.</summary>
public static class PlacementRowRules
{
    /// <summary>
    /// The row as <see cref="PlacementRow"/>: valid with its details, or invalid with every problem
    /// found, each named by <paramref name="fieldName"/> (CSV rows name their columns).
    /// </summary>
    public static PlacementRow Check(long rowNumber, PlaceAccountRequest request, Guid clientId, DateOnly today, Func<string, string> fieldName, IReadOnlyDictionary<string, string>? formatErrors = null)
    {
        var errors = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var annotations = new List<ValidationResult>();
        if (!Validator.TryValidateObject(request, new ValidationContext(request), annotations, validateAllProperties: true))
        {
            foreach (var result in annotations)
            {
                foreach (var member in result.MemberNames)
                {
                    errors.TryAdd(member, result.ErrorMessage ?? "Invalid.");
                }
            }
        }

        if (request.ClientId is { } named && named != Guid.Empty && named != clientId)
        {
            errors[nameof(PlaceAccountRequest.ClientId)] = "Names another client than the placement's.";
        }

        foreach (var (field, messages) in request.Validate(today))
        {
            errors.TryAdd(field, string.Join(" ", messages));
        }

        if (formatErrors is not null)
        {
            foreach (var (field, message) in formatErrors)
            {
                errors[field] = message;
            }
        }

        var reference = request.ClientReference?.Trim();
        return errors.Count == 0
            ? PlacementRow.Valid(rowNumber, request.ToDetails(clientId))
            : PlacementRow.Invalid(rowNumber, reference, string.Join("; ", errors.Select(e => $"{fieldName(e.Key)}: {e.Value}")));
    }
}

/// <summary>
/// The columns of a CSV placement file and how each maps onto <see cref="PlaceAccountRequest"/>:
/// the one place the file format is defined. Columns may come in any order; names are matched
/// without regard to case; an unknown column is refused so a misspelt optional column is not ignored.
/// </summary>
public sealed class PlacementCsvColumns
{
    /// <summary>Every column a placement file may have, with whether it must be present and filled.</summary>
    public static readonly IReadOnlyList<CsvColumn> All =
    [
        new("client_reference", nameof(PlaceAccountRequest.ClientReference), Required: true),
        new("original_creditor", nameof(PlaceAccountRequest.OriginalCreditor), Required: true),
        new("current_creditor", nameof(PlaceAccountRequest.CurrentCreditor), Required: false),
        new("first_name", "Consumer.FirstName", Required: true),
        new("last_name", "Consumer.LastName", Required: true),
        new("date_of_birth", "Consumer.DateOfBirth", Required: false),
        new("postal_code", "Consumer.PostalCode", Required: false),
        new("jurisdiction", nameof(PlaceAccountRequest.Jurisdiction), Required: true),
        new("currency", nameof(PlaceAccountRequest.Currency), Required: true),
        new("principal", nameof(PlaceAccountRequest.Principal), Required: true),
        new("interest", nameof(PlaceAccountRequest.Interest), Required: false),
        new("fees", nameof(PlaceAccountRequest.Fees), Required: false),
        new("delinquency_date", nameof(PlaceAccountRequest.DelinquencyDate), Required: false),
        new("charge_off_date", nameof(PlaceAccountRequest.ChargeOffDate), Required: false),
        new("last_payment_date", nameof(PlaceAccountRequest.LastPaymentDate), Required: false),

        // Contact data: one address (its postal code is postal_code), two phones, one email, as ConsumerDetails states them.
        new("address_line1", "Consumer.Addresses[0].Line1", Required: false),
        new("address_line2", "Consumer.Addresses[0].Line2", Required: false),
        new("city", "Consumer.Addresses[0].City", Required: false),
        new("state", "Consumer.Addresses[0].State", Required: false),
        new("country", "Consumer.Addresses[0].Country", Required: false),
        new("time_zone", "Consumer.Addresses[0].TimeZone", Required: false),
        new("phone_1", "Consumer.Phones[0].Number", Required: false),
        new("phone_1_type", "Consumer.Phones[0].Type", Required: false),
        new("phone_1_consent", "Consumer.Phones[0].AutodialerConsent", Required: false),
        new("phone_2", "Consumer.Phones[1].Number", Required: false),
        new("phone_2_type", "Consumer.Phones[1].Type", Required: false),
        new("phone_2_consent", "Consumer.Phones[1].AutodialerConsent", Required: false),
        new("email", "Consumer.Emails[0].Address", Required: false),
        new("email_consent", "Consumer.Emails[0].Consent", Required: false),
        new("language", "Consumer.Language", Required: false),
    ];

    private const int FirstAddressColumn = 15;
    private const int Phone1Column = 21;
    private const int Phone2Column = 24;
    private const int EmailColumn = 27;
    private const int LanguageColumn = 29;

    private static readonly Dictionary<string, string> ColumnOfField = new(
        All.Select(c => KeyValuePair.Create(c.Field, c.Name)).Append(KeyValuePair.Create("Consumer.Addresses[0].PostalCode", "postal_code")),
        StringComparer.Ordinal);

    // For each column of All, its index in the file, or -1 when the file does not have it.
    private readonly int[] indexOf;

    private PlacementCsvColumns(int[] indexOf, int count)
    {
        this.indexOf = indexOf;
        Count = count;
    }

    /// <summary>Fields in each row, as in the header.</summary>
    public int Count { get; }

    /// <summary>The columns of a header row, or the problem with it.</summary>
    public static (PlacementCsvColumns? Columns, string? Problem) FromHeader(IReadOnlyList<string> header)
    {
        var indexOf = Enumerable.Repeat(-1, All.Count).ToArray();
        var unknown = new List<string>();
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            var column = All.Select((c, index) => (c, index)).FirstOrDefault(x => string.Equals(x.c.Name, name, StringComparison.OrdinalIgnoreCase));
            if (column.c is null)
            {
                unknown.Add(name);
            }
            else if (indexOf[column.index] >= 0)
            {
                return (null, $"The header names the column '{column.c.Name}' twice.");
            }
            else
            {
                indexOf[column.index] = i;
            }
        }

        var missing = All.Where((c, index) => c.Required && indexOf[index] < 0).Select(c => c.Name).ToList();
        if (unknown.Count > 0 || missing.Count > 0)
        {
            var problems = new List<string>();
            if (missing.Count > 0)
            {
                problems.Add($"missing required columns: {string.Join(", ", missing)}");
            }

            if (unknown.Count > 0)
            {
                problems.Add($"unknown columns: {string.Join(", ", unknown)}");
            }

            return (null, $"The header row is not a placement file's ({string.Join("; ", problems)}). Columns: {string.Join(", ", All.Select(c => c.Name))}.");
        }

        return (new PlacementCsvColumns(indexOf, header.Count), null);
    }

    /// <summary>One CSV row as a checked placement row.</summary>
    public PlacementRow Map(long rowNumber, IReadOnlyList<string> fields, Guid clientId, DateOnly today)
    {
        if (fields.Count != Count)
        {
            var reference = Field(fields, 0);
            return PlacementRow.Invalid(rowNumber, reference, $"The row has {fields.Count} fields; the header has {Count}.");
        }

        var formatErrors = new Dictionary<string, string>(StringComparer.Ordinal);
        var hasAddress = Enumerable.Range(FirstAddressColumn, Phone1Column - FirstAddressColumn).Any(c => Field(fields, c) is not null);
        var phones = new List<PhoneDetails?>();
        var hasPhone1 = Enumerable.Range(Phone1Column, 3).Any(c => Field(fields, c) is not null);
        foreach (var column in new[] { Phone1Column, Phone2Column })
        {
            if (Enumerable.Range(column, 3).Any(c => Field(fields, c) is not null))
            {
                phones.Add(new PhoneDetails(Field(fields, column), Field(fields, column + 1), Consent(fields, column + 2, formatErrors)));
            }
        }

        var hasEmail = Field(fields, EmailColumn) is not null || Field(fields, EmailColumn + 1) is not null;
        var request = new PlaceAccountRequest(
            ClientId: null,
            ClientReference: Field(fields, 0)!,
            OriginalCreditor: Field(fields, 1)!,
            CurrentCreditor: Field(fields, 2),
            Consumer: new ConsumerDetails(
                Field(fields, 3)!,
                Field(fields, 4)!,
                Field(fields, 5),
                Field(fields, 6),
                hasAddress
                    ? [new AddressDetails(
                        Field(fields, FirstAddressColumn), Field(fields, FirstAddressColumn + 1), Field(fields, FirstAddressColumn + 2),
                        Field(fields, FirstAddressColumn + 3), Field(fields, 6), Field(fields, FirstAddressColumn + 4), Field(fields, FirstAddressColumn + 5))]
                    : null,
                phones.Count > 0 ? phones : null,
                hasEmail ? [new EmailDetails(Field(fields, EmailColumn), Consent(fields, EmailColumn + 1, formatErrors))] : null,
                Field(fields, LanguageColumn)),
            Jurisdiction: Field(fields, 7)!,
            Currency: Field(fields, 8)!,
            Principal: Amount(fields, 9, formatErrors),
            Interest: Amount(fields, 10, formatErrors),
            Fees: Amount(fields, 11, formatErrors),
            DelinquencyDate: Field(fields, 12),
            ChargeOffDate: Field(fields, 13),
            LastPaymentDate: Field(fields, 14));
        // A second phone alone is the request's first: its problems are named by the phone_2 columns.
        return PlacementRowRules.Check(rowNumber, request, clientId, today, field => ColumnOf(field, secondPhoneFirst: !hasPhone1 && phones.Count > 0), formatErrors);
    }

    private static string ColumnOf(string field, bool secondPhoneFirst)
    {
        const string FirstPhone = "Consumer.Phones[0]";
        if (secondPhoneFirst && field.StartsWith(FirstPhone, StringComparison.Ordinal))
        {
            field = "Consumer.Phones[1]" + field[FirstPhone.Length..];
        }

        return ColumnOfField.GetValueOrDefault(field, field);
    }

    /// <summary>A consent column: true, false, yes, no, 1 or 0 (any case); empty is no consent.</summary>
    private bool Consent(IReadOnlyList<string> fields, int column, Dictionary<string, string> formatErrors)
    {
        switch (Field(fields, column)?.Trim().ToLowerInvariant())
        {
            case null or "":
            case "false" or "no" or "0":
                return false;
            case "true" or "yes" or "1":
                return true;
            default:
                formatErrors[All[column].Field] = "Not a consent: true, false, yes, no, 1 or 0.";
                return false;
        }
    }

    /// <summary>The value of column <paramref name="column"/> of <see cref="All"/>; null when absent or empty.</summary>
    private string? Field(IReadOnlyList<string> fields, int column)
    {
        var index = indexOf[column];
        return index < 0 || index >= fields.Count || fields[index].Length == 0 ? null : fields[index];
    }

    private decimal Amount(IReadOnlyList<string> fields, int column, Dictionary<string, string> formatErrors)
    {
        var text = Field(fields, column)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (All[column].Required)
            {
                formatErrors[All[column].Field] = "Required.";
            }

            return 0m;
        }

        if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return amount;
        }

        formatErrors[All[column].Field] = "Not an amount: digits with an optional decimal point, e.g. 1234.56.";
        return 0m;
    }
}

/// <summary>A column of a placement file.</summary>
/// <param name="Name">The header name, e.g. "client_reference".</param>
/// <param name="Field">The <see cref="PlaceAccountRequest"/> field it fills, as validation names it, e.g. "Consumer.FirstName".</param>
/// <param name="Required">Whether the header must have the column (and each row a value, for the required text and amount fields).</param>
public sealed record CsvColumn(string Name, string Field, bool Required);

/// <summary>
/// Reads RFC 4180 records (comma separated, double-quoted fields with "" for a quote, CRLF or LF
/// line ends) from a text stream, one record at a time. Blank lines are skipped. A record longer
/// than <see cref="MaxRecordLength"/> characters, or a quote never closed, ends the file.
/// </summary>
public sealed class CsvRecordReader(TextReader reader)
{
    public const int MaxRecordLength = 64 * 1024;

    private readonly char[] buffer = new char[64 * 1024];
    private readonly StringBuilder field = new();
    private int position;
    private int length;
    private long records;

    /// <summary>Reads the next record into <paramref name="fields"/>; false at the end of the file.</summary>
    public async ValueTask<bool> ReadAsync(List<string> fields, CancellationToken cancellationToken)
    {
        fields.Clear();
        field.Clear();
        var state = State.FieldStart;
        var recordLength = 0;
        while (true)
        {
            if (position == length)
            {
                length = await reader.ReadAsync(buffer.AsMemory(), cancellationToken);
                position = 0;
                if (length == 0)
                {
                    if (state == State.Quoted)
                    {
                        throw new PlacementBodyException($"Record {records + 1} of the file has a quoted field that is never closed.");
                    }

                    if (fields.Count == 0 && field.Length == 0 && state == State.FieldStart)
                    {
                        return false;
                    }

                    fields.Add(field.ToString());
                    records++;
                    return true;
                }
            }

            var c = buffer[position++];
            if (++recordLength > MaxRecordLength)
            {
                throw new PlacementBodyException($"Record {records + 1} of the file is longer than {MaxRecordLength} characters.");
            }

            switch (state)
            {
                case State.Quoted:
                    if (c == '"')
                    {
                        state = State.QuoteInQuoted;
                    }
                    else
                    {
                        field.Append(c);
                    }

                    break;
                case State.QuoteInQuoted when c == '"':
                    field.Append('"');
                    state = State.Quoted;
                    break;
                default:
                    if (c == ',')
                    {
                        fields.Add(field.ToString());
                        field.Clear();
                        state = State.FieldStart;
                    }
                    else if (c == '\n')
                    {
                        if (fields.Count == 0 && field.Length == 0 && state == State.FieldStart)
                        {
                            // A blank line.
                            recordLength = 0;
                            continue;
                        }

                        fields.Add(field.ToString());
                        records++;
                        return true;
                    }
                    else if (c == '\r')
                    {
                        // Part of a CRLF line end.
                    }
                    else if (c == '"' && state == State.FieldStart)
                    {
                        state = State.Quoted;
                    }
                    else
                    {
                        field.Append(c);
                        state = State.Unquoted;
                    }

                    break;
            }
        }
    }

    private enum State
    {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
}
