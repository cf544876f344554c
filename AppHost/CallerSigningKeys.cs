using System.Security.Cryptography;

namespace Collections.AppHost;

/// <summary>
/// A fresh ECDSA P-256 key pair for each run: the gateway signs the caller identity it forwards
/// with the private key; the services validate with the public key.
/// </summary>
internal sealed record CallerSigningKeys(string PrivateKeyPem, string PublicKeyPem)
{
    public const string PrivateKeyVariable = "Security__Internal__PrivateKey";
    public const string PublicKeyVariable = "Security__Internal__PublicKey";

    public static CallerSigningKeys Generate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CallerSigningKeys(key.ExportPkcs8PrivateKeyPem(), key.ExportSubjectPublicKeyInfoPem());
    }
}
