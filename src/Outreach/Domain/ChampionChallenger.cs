using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Collections.Outreach.Domain;

/// <summary>
/// Chooses an account's arm of a champion/challenger split. The bucket is a hash of the account id and the split id,
/// so the same account gets the same arm on every run and machine, and a new split reshuffles accounts independently
/// of the last one.
/// </summary>
public static class ChampionChallenger
{
    public const string Champion = "champion";

    public const string Challenger = "challenger";

    /// <summary>The account's bucket in 0..9999 for <paramref name="splitId"/>.</summary>
    public static int Bucket(Guid accountId, Guid splitId)
    {
        Span<byte> input = stackalloc byte[32];
        accountId.TryWriteBytes(input[..16], bigEndian: true, out _);
        splitId.TryWriteBytes(input[16..], bigEndian: true, out _);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % 10_000);
    }

    /// <summary>"challenger" when the account's bucket is below the challenger's share, else "champion".</summary>
    public static string ArmOf(Guid accountId, SegmentSplit split) =>
        split.ChallengerStrategyId is not null && Bucket(accountId, split.SplitId) < split.ChallengerBasisPoints ? Challenger : Champion;
}
