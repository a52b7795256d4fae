using System.Security.Cryptography;
using System.Text;

namespace EnforcementFlows.Scoring.Data;

/// <summary>
/// A short hash over labels and texts in order, recorded in the model file so anyone can
/// check which data a model was trained on.
/// </summary>
public static class DataFingerprint
{
    public static string Of(IEnumerable<LabeledExample> examples)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> separator = [0];
        foreach (var example in examples)
        {
            hash.AppendData(example.IsPositive ? "1"u8 : "0"u8);
            hash.AppendData(Encoding.UTF8.GetBytes(example.Text));
            hash.AppendData(separator);
        }
        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
