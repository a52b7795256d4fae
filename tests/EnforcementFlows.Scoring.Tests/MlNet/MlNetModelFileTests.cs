using System.IO.Compression;
using System.Text;
using EnforcementFlows.Scoring.Persistence;
using Microsoft.ML;

namespace EnforcementFlows.Scoring.Tests.MlNet;

public sealed class MlNetModelFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ef-mlnet-model-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string SaveFixture(out string hash)
    {
        var path = Path.Combine(_directory, "model.efmodel");
        hash = MlNetModelFile.Save(FixtureModel.MlNet, path);
        return path;
    }

    [Fact]
    public void SaveThenLoad_RoundTripsParametersMetadataAndScores()
    {
        var path = SaveFixture(out var hash);

        var loaded = TextScorer.Load(path);

        var original = FixtureModel.MlNet.Linear!;
        var parameters = Assert.IsType<ScoringModel>(loaded.Model);
        Assert.Equal(original.Weights, parameters.Weights);
        Assert.Equal(original.Bias, parameters.Bias);
        Assert.Equal(original.Calibration, parameters.Calibration);
        Assert.Equal(FixtureModel.MlNet.Threshold, loaded.Threshold);
        Assert.Equal(FixtureModel.MlNet.Metadata.DataFingerprint, loaded.Metadata.DataFingerprint);
        Assert.Equal("ML.NET LbfgsLogisticRegression + Platt", loaded.Metadata.Trainer);
        Assert.Equal($"1.0.0+{hash[..12]}", loaded.ModelVersion);
        const string text = "free prize, click now";
        Assert.Equal(FixtureModel.MlNetScorer.Probability(text), loaded.Probability(text));
    }

    [Fact]
    public void SavedFile_HoldsAnMlNetZipThatMlNetLoadsOnItsOwn()
    {
        var path = SaveFixture(out _);
        using var zip = ZipFile.OpenRead(path);
        using var model = new MemoryStream();
        using (var entry = zip.GetEntry(MlNetModelFile.ModelEntry)!.Open()) entry.CopyTo(model);
        model.Position = 0;

        var transformer = new MLContext().Model.Load(model, out var schema);

        Assert.NotNull(transformer);
        Assert.NotNull(schema.GetColumnOrNull("Features"));
    }

    [Fact]
    public void Save_SameModelTwice_GivesTheSameContentHash()
    {
        using var first = new MemoryStream();
        using var second = new MemoryStream();

        Assert.Equal(MlNetModelFile.Save(FixtureModel.MlNet, first), MlNetModelFile.Save(FixtureModel.MlNet, second));
    }

    [Fact]
    public void Load_FlippedByteInTheModel_ReportsCorruption()
    {
        var path = SaveFixture(out _);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 3] ^= 0x40;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<ModelFileException>(() => TextScorer.Load(path));

        Assert.Contains("corrupt", error.Message);
    }

    [Fact]
    public void Load_TruncatedFile_ReportsCorruptOrTruncated()
    {
        var path = SaveFixture(out _);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 200)]);

        var error = Assert.Throws<ModelFileException>(() => TextScorer.Load(path));

        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Load_OtherFormatVersion_SaysWhichVersions()
    {
        var path = Rewrite(header => header.Replace("\"formatVersion\": 2", "\"formatVersion\": 3"));

        var error = Assert.Throws<ModelFileException>(() => TextScorer.Load(path));

        Assert.Contains("format version 3", error.Message);
    }

    [Fact]
    public void Load_OtherTokenizerVersion_AsksForRetraining()
    {
        var path = Rewrite(header => header.Replace("\"tokenizerVersion\": 1", "\"tokenizerVersion\": 999"));

        var error = Assert.Throws<ModelFileException>(() => TextScorer.Load(path));

        Assert.Contains("tokenizer version 999", error.Message);
    }

    [Fact]
    public void Load_ZipWithoutTheModel_SaysWhatIsMissing()
    {
        var path = Path.Combine(_directory, "other.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create)) zip.CreateEntry("readme.txt");

        var error = Assert.Throws<ModelFileException>(() => TextScorer.Load(path));

        Assert.Contains("is missing", error.Message);
    }

    // Edits scorer.json and writes a consistent checksum, as a file from another build would have.
    private string Rewrite(Func<string, string> edit)
    {
        var source = SaveFixture(out _);
        byte[] model, header;
        using (var zip = ZipFile.OpenRead(source))
        {
            model = Read(zip, MlNetModelFile.ModelEntry);
            header = Encoding.UTF8.GetBytes(edit(Encoding.UTF8.GetString(Read(zip, MlNetModelFile.HeaderEntry))));
        }
        var path = Path.Combine(_directory, "edited.efmodel");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            Write(zip, MlNetModelFile.ModelEntry, model);
            Write(zip, MlNetModelFile.HeaderEntry, header);
            Write(zip, MlNetModelFile.ChecksumEntry, Encoding.ASCII.GetBytes(MlNetModelFile.Checksum(header, model)));
        }
        return path;
    }

    private static byte[] Read(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static void Write(ZipArchive zip, string name, byte[] content)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(content);
    }
}
