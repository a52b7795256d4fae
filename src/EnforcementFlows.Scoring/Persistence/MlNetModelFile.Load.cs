using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using EnforcementFlows.Scoring.Features;
using EnforcementFlows.Scoring.MlNet;
using Microsoft.ML;

namespace EnforcementFlows.Scoring.Persistence;

internal static partial class MlNetModelFile
{
    public static (MlNetModel Model, string ContentHash) Load(byte[] bytes, string name)
    {
        var (header, modelBytes) = ReadEntries(bytes, name);
        var ml = new MLContext(seed: header.Metadata.Seed);
        ITransformer transformer;
        DataViewSchema schema;
        try
        {
            using var stream = new MemoryStream(modelBytes, writable: false);
            transformer = ml.Model.Load(stream, out schema);
        }
        // Whatever ML.NET throws for a model it cannot read (its own contract checks, zip or
        // stream errors, bad casts in old component versions) means the same to the caller.
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ModelFileException($"'{name}' holds an ML.NET model that ML.NET cannot load (other ML.NET version or damaged): {e.Message}", e);
        }
        CheckInputSchema(schema, header.Features, name);
        return (new MlNetModel(ml, transformer, header.Features, header.Threshold, header.Metadata), Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    private static (MlNetModelHeader Header, byte[] Model) ReadEntries(byte[] bytes, string name)
    {
        byte[] headerBytes, modelBytes, checksum;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            headerBytes = Entry(zip, HeaderEntry, name);
            modelBytes = Entry(zip, ModelEntry, name);
            checksum = Entry(zip, ChecksumEntry, name);
        }
        catch (InvalidDataException e)
        {
            throw new ModelFileException($"'{name}' is corrupt or truncated: not a readable zip archive ({e.Message}).", e);
        }
        if (System.Text.Encoding.ASCII.GetString(checksum) != Checksum(headerBytes, modelBytes))
            throw new ModelFileException($"'{name}' is corrupt: its SHA-256 checksum does not match its content (truncated or modified file).");
        return (ReadHeader(headerBytes, name), modelBytes);
    }

    private static byte[] Entry(ZipArchive zip, string entryName, string name)
    {
        var entry = zip.GetEntry(entryName) ?? throw new ModelFileException($"'{name}' is not a text scorer model file: the entry '{entryName}' is missing.");
        if (entry.Length > 64L * 1024 * 1024) throw new ModelFileException($"'{name}' has an entry '{entryName}' of {entry.Length} bytes, more than a model needs.");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static MlNetModelHeader ReadHeader(byte[] json, string name)
    {
        MlNetModelHeader? header;
        try
        {
            header = JsonSerializer.Deserialize(json, ModelJsonContext.Default.MlNetModelHeader);
        }
        catch (JsonException e)
        {
            throw new ModelFileException($"'{name}' has an unreadable {HeaderEntry}: {e.Message}", e);
        }
        if (header is null) throw new ModelFileException($"'{name}' has an empty {HeaderEntry}.");
        if (header.FormatVersion != FormatVersion)
            throw new ModelFileException($"'{name}' uses model format version {header.FormatVersion}; this build reads version {FormatVersion}. Retrain or use a matching build.");
        if (!FeatureConfig.IsSupported(header.Features.TokenizerVersion))
            throw new ModelFileException($"'{name}' was trained with tokenizer version {header.Features.TokenizerVersion}; this build supports only tokenizer version {FeatureConfig.CurrentTokenizerVersion} (MimeKit + AngleSharp; version 1, the retired hand-written MIME reader, is unsupported). Retrain the model.");
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

    private static void CheckInputSchema(DataViewSchema schema, FeatureConfig features, string name)
    {
        var column = schema.GetColumnOrNull(FeatureRows.Features);
        if (column?.Type is not Microsoft.ML.Data.VectorDataViewType { Size: var size } || size != features.Width)
            throw new ModelFileException($"'{name}' holds an ML.NET model whose input is not a Features vector of {features.Width} values (2^{features.HashBits} hashing).");
    }
}
