using System.Security.Cryptography;
using System.Text.Json;

namespace EnforcementFlows.Scoring.Persistence;

/// <summary>
/// Binary model file, little-endian:
/// magic "EFSCORER" · uint16 format version · int32 header length · UTF-8 JSON header ·
/// weights section (byte encoding, int32 count, then dense floats or (int32 index, float) pairs) ·
/// SHA-256 of everything before it. The trailing hash doubles as the model's content hash.
/// </summary>
internal static partial class ModelFile
{
    public const int FormatVersion = 1;
    private static readonly byte[] Magic = "EFSCORER"u8.ToArray();
    private const byte DenseWeights = 0;
    private const byte SparseWeights = 1;
    private const int HashLength = 32;

    /// <summary>Writes the model and returns its content hash (hex SHA-256).</summary>
    public static string Save(ScoringModel model, Stream destination)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write((ushort)FormatVersion);
            var header = JsonSerializer.SerializeToUtf8Bytes(ToHeader(model), ModelJsonContext.Default.ModelHeader);
            writer.Write(header.Length);
            writer.Write(header);
            WriteWeights(writer, model.Weights);
        }
        var hash = SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        buffer.Write(hash);
        buffer.Position = 0;
        buffer.CopyTo(destination);
        return Convert.ToHexStringLower(hash);
    }

    public static string Save(ScoringModel model, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        // Write beside the target and move into place, so a reader never sees half a model.
        var temporary = path + ".tmp";
        string hash;
        using (var file = File.Create(temporary)) hash = Save(model, file);
        File.Move(temporary, path, overwrite: true);
        return hash;
    }

    private static ModelHeader ToHeader(ScoringModel model) => new()
    {
        Metadata = model.Metadata,
        Features = model.Features,
        Bias = model.Bias,
        Calibration = model.Calibration,
        Threshold = model.Threshold,
    };

    // Only weights the training data touched are non-zero; store pairs when that is smaller.
    private static void WriteWeights(BinaryWriter writer, float[] weights)
    {
        int nonZero = weights.Count(w => w != 0);
        bool sparse = (long)nonZero * 8 < (long)weights.Length * 4;
        writer.Write(sparse ? SparseWeights : DenseWeights);
        writer.Write(sparse ? nonZero : weights.Length);
        for (int i = 0; i < weights.Length; i++)
        {
            if (!sparse) writer.Write(weights[i]);
            else if (weights[i] != 0)
            {
                writer.Write(i);
                writer.Write(weights[i]);
            }
        }
    }
}
