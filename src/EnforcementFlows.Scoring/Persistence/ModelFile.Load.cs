using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using EnforcementFlows.Scoring.Features;

namespace EnforcementFlows.Scoring.Persistence;

internal static partial class ModelFile
{
    public static (ScoringModel Model, string ContentHash) Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelFileException($"Cannot read model file '{path}': {e.Message}", e);
        }
        return Load(bytes, path);
    }

    public static (ScoringModel Model, string ContentHash) Load(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length < Magic.Length + 2 || !bytes[..Magic.Length].SequenceEqual(Magic))
            throw new ModelFileException($"'{name}' is not a text scorer model file (missing EFSCORER signature).");
        int version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[Magic.Length..]);
        if (version != FormatVersion)
            throw new ModelFileException($"'{name}' uses model format version {version}; this build reads version {FormatVersion}. Retrain or use a matching build.");
        if (bytes.Length < Magic.Length + 2 + 4 + HashLength)
            throw new ModelFileException($"'{name}' is truncated.");
        var content = bytes[..^HashLength];
        var expected = bytes[^HashLength..];
        var actual = SHA256.HashData(content);
        if (!actual.AsSpan().SequenceEqual(expected))
            throw new ModelFileException($"'{name}' is corrupt: its SHA-256 checksum does not match its content (truncated or modified file).");
        var reader = new SpanReader(content[(Magic.Length + 2)..], name);
        var header = ReadHeader(reader.Bytes(reader.Int32()), name);
        var weights = ReadWeights(ref reader, header.Features, name);
        var model = new ScoringModel(header.Features, weights, header.Bias, header.Calibration, header.Threshold, header.Metadata);
        return (model, Convert.ToHexStringLower(actual));
    }

    private static ModelHeader ReadHeader(ReadOnlySpan<byte> json, string name)
    {
        ModelHeader? header;
        try
        {
            header = JsonSerializer.Deserialize(json, ModelJsonContext.Default.ModelHeader);
        }
        catch (JsonException e)
        {
            throw new ModelFileException($"'{name}' has an unreadable header: {e.Message}", e);
        }
        if (header is null) throw new ModelFileException($"'{name}' has an empty header.");
        if (!FeatureConfig.IsSupported(header.Features.TokenizerVersion))
            throw new ModelFileException($"'{name}' was trained with tokenizer version {header.Features.TokenizerVersion}; this build tokenises as versions {FeatureConfig.CurrentTokenizerVersion} and {FeatureConfig.MimeKitTokenizerVersion}. Retrain the model.");
        try
        {
            header.Features.Validate();
        }
        catch (ArgumentException e)
        {
            throw new ModelFileException($"'{name}' has an invalid feature configuration: {e.Message}", e);
        }
        return header;
    }

    private static float[] ReadWeights(ref SpanReader reader, FeatureConfig features, string name)
    {
        byte encoding = reader.Byte();
        int count = reader.Int32();
        var weights = new float[features.Width];
        if (encoding == DenseWeights && count == features.Width)
        {
            var raw = reader.Bytes(checked(count * sizeof(float)));
            // One block copy on little-endian hosts (all supported ones) keeps loading in milliseconds.
            if (BitConverter.IsLittleEndian) System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(raw).CopyTo(weights);
            else for (int i = 0; i < count; i++) weights[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * 4)..]);
        }
        else if (encoding == SparseWeights && count >= 0 && count <= features.Width)
        {
            for (int k = 0; k < count; k++)
            {
                int index = reader.Int32();
                if ((uint)index >= (uint)weights.Length) throw new ModelFileException($"'{name}' has a weight index {index} outside 0..{weights.Length - 1}.");
                weights[index] = reader.Single();
            }
        }
        else throw new ModelFileException($"'{name}' has an unknown weight encoding {encoding} or count {count}.");
        if (!reader.AtEnd) throw new ModelFileException($"'{name}' has unexpected bytes after the weights.");
        return weights;
    }
}
