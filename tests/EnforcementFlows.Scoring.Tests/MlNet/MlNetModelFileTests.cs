using System.IO.Compression;
using System.Text;
using EnforcementFlows.Scoring.Features;
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
        Assert.Equal(FixtureModel.Scorer.Probability(text), loaded.Probability(text));
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

        string firstHash = MlNetModelFile.Save(FixtureModel.MlNet, first);
        Thread.Sleep(2100); // past the zip format's 2-second time resolution: save time must not leak into the file

        Assert.Equal(firstHash, MlNetModelFile.Save(FixtureModel.MlNet, second));
        Assert.Equal(first.ToArray(), second.ToArray());
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
        var path = Rewrite(header => header.Replace("\"tokenizerVersion\": 2", "\"tokenizerVersion\": 999"));

        var error = Assert.Throws<ModelFileException>(() => TextScorer.Load(path));

        Assert.Contains("tokenizer version 999", error.Message);
        Assert.Contains("Retrain", error.Message);
    }

    [Fact]
    public void Load_RetiredTokenizerVersion1_SaysItIsUnsupported()
    {
        // Models up to 2.0.0 were read by the retired hand-written MIME reader.
        var path = Rewrite(header => header.Replace("\"tokenizerVersion\": 2", "\"tokenizerVersion\": 1"));

        var error = Assert.Throws<ModelFileException>(() => TextScorer.Load(path));

        Assert.Contains("tokenizer version 1", error.Message);
        Assert.Contains("unsupported", error.Message);
    }

    [Fact]
    public void Load_ZipWithoutTheModel_SaysWhatIsMissing()
    {
        var path = Path.Combine(_directory, "other.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create)) zip.CreateEntry("readme.txt");

        var error = Assert.Throws<ModelFileException>(() => TextScorer.Load(path));

        Assert.Contains("is missing", error.Message);
    }

    [Fact]
    public void Load_FormatOneFile_AsksForRetraining()
    {
        var path = Path.Combine(_directory, "old.efmodel");
        File.WriteAllBytes(path, [.. "EFSCORER"u8, 1, 0, 0, 0, 0, 0]);

        var error = Assert.Throws<ModelFileException>(() => TextScorer.Load(path));

        Assert.Contains("format version 1", error.Message);
        Assert.Contains("Retrain", error.Message);
    }

    [Fact]
    public void Load_NotAModel_SaysSo()
    {
        var path = Path.Combine(_directory, "notes.txt");
        File.WriteAllText(path, "just some text, definitely not a model");

        var error = Assert.Throws<ModelFileException>(() => TextScorer.Load(path));

        Assert.Contains("not a text scorer model", error.Message);
    }

    [Fact]
    public void Load_MissingFile_IsAModelFileException()
    {
        Assert.Throws<ModelFileException>(() => TextScorer.Load(Path.Combine(_directory, "absent.efmodel")));
    }

    [Fact]
    public void LoadDefault_ShippedModel_IsAnMlNetModelThatFlagsObviousSpam()
    {
        var scorer = TextScorer.LoadDefault();

        Assert.Equal(FeatureConfig.CurrentTokenizerVersion, scorer.Features.TokenizerVersion);
        Assert.Equal("ML.NET LbfgsLogisticRegression + Platt", scorer.Metadata.Trainer);
        Assert.NotNull(scorer.Model);
        Assert.Matches(@"^\d+\.\d+\.\d+\+[0-9a-f]{12}$", scorer.ModelVersion);
        var spam = scorer.Score("Subject: FREE money!!!\nFrom: promo@cash.example.biz\n\nClick here to claim your $1000 cash prize now!!! Limited time offer, act now, 100% free, remove me from this list");
        var ham = scorer.Score("From: dev@lists.example.org\nSubject: Re: patch for the build script\nList-Id: <dev.lists.example.org>\n\nThanks, I applied the patch and the tests pass on my machine. Let's merge it after the review.");
        Assert.True(spam.Probability > ham.Probability);
        Assert.True(spam.IsFlagged, $"spam probability {spam.Probability}");
        Assert.False(ham.IsFlagged, $"ham probability {ham.Probability}");
    }

    [Fact]
    public void Load_DamagedMlNetModelWithAConsistentChecksum_SaysMlNetCannotLoadIt()
    {
        var source = SaveFixture(out _);
        byte[] model, header;
        using (var zip = ZipFile.OpenRead(source))
        {
            model = Read(zip, MlNetModelFile.ModelEntry);
            header = Read(zip, MlNetModelFile.HeaderEntry);
        }
        for (int i = model.Length / 4; i < model.Length / 2; i += 97) model[i] ^= 0x5A; // damage inside ML.NET's own zip
        var path = Path.Combine(_directory, "damaged.efmodel");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            Write(zip, MlNetModelFile.ModelEntry, model);
            Write(zip, MlNetModelFile.HeaderEntry, header);
            Write(zip, MlNetModelFile.ChecksumEntry, Encoding.ASCII.GetBytes(MlNetModelFile.Checksum(header, model)));
        }

        var error = Assert.Throws<ModelFileException>(() => TextScorer.Load(path));

        Assert.Contains("ML.NET cannot load", error.Message);
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
