using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using EnforcementFlows.Scoring.MlNet;
using Microsoft.ML;

namespace EnforcementFlows.Scoring.Persistence;

/// <summary>
/// Model format version 2: a zip holding ML.NET's own saved-model zip (mlnet/model.zip, which
/// ML.NET's tools open as is), scorer.json (feature configuration, threshold, metadata) and
/// checksum.sha256 over both. The SHA-256 of the whole file is the model's content hash.
/// </summary>
internal static partial class MlNetModelFile
{
    public const int FormatVersion = 2;
    public const string ModelEntry = "mlnet/model.zip";
    public const string HeaderEntry = "scorer.json";
    public const string ChecksumEntry = "checksum.sha256";

    /// <summary>A zip local-file signature: how loading tells this format from format 1.</summary>
    public static bool LooksLikeZip(ReadOnlySpan<byte> bytes) => bytes.Length >= 4 && bytes[..4].SequenceEqual("PK\u0003\u0004"u8);

    public static string Save(MlNetModel model, Stream destination)
    {
        using var mlnet = new MemoryStream();
        model.Context.Model.Save(model.Transformer, model.Context.Data.LoadFromEnumerable(Array.Empty<FeatureRows.Input>(), FeatureRows.InputSchema(model.Features.Width)).Schema, mlnet);
        var header = JsonSerializer.SerializeToUtf8Bytes(new MlNetModelHeader
        {
            FormatVersion = FormatVersion,
            Metadata = model.Metadata,
            Features = model.Features,
            Threshold = model.Threshold,
        }, ModelJsonContext.Default.MlNetModelHeader);
        var modelBytes = WithFixedTimestamps(mlnet.ToArray());
        using var file = new MemoryStream();
        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
        {
            // ML.NET's zip is compressed already; store it without compressing again.
            Write(zip, ModelEntry, modelBytes, CompressionLevel.NoCompression);
            Write(zip, HeaderEntry, header, CompressionLevel.Optimal);
            Write(zip, ChecksumEntry, System.Text.Encoding.ASCII.GetBytes(Checksum(header, modelBytes)), CompressionLevel.NoCompression);
        }
        var bytes = file.ToArray();
        destination.Write(bytes);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    public static string Save(MlNetModel model, string path)
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

    // A fixed timestamp keeps the file (and so its content hash) a function of the model alone.
    private static readonly DateTimeOffset EntryTime = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// ML.NET stamps its zip entries with the time of saving; the same entries re-stamped keep
    /// the content hash of one model the same on every save (ML.NET reads entries by name).
    /// </summary>
    private static byte[] WithFixedTimestamps(byte[] mlnetZip)
    {
        using var output = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(mlnetZip, writable: false), ZipArchiveMode.Read))
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                using var content = new MemoryStream();
                using (var stream = entry.Open()) stream.CopyTo(content);
                Write(target, entry.FullName, content.ToArray(), CompressionLevel.Optimal);
            }
        }
        return output.ToArray();
    }

    private static void Write(ZipArchive zip, string name, byte[] content, CompressionLevel level)
    {
        var entry = zip.CreateEntry(name, level);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        stream.Write(content);
    }

    internal static string Checksum(ReadOnlySpan<byte> header, ReadOnlySpan<byte> model)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(header);
        sha.AppendData(model);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
