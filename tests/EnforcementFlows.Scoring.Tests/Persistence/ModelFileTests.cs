using System.Buffers.Binary;
using EnforcementFlows.Scoring.Features;
using EnforcementFlows.Scoring.Persistence;

namespace EnforcementFlows.Scoring.Tests.Persistence;

public sealed class ModelFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ef-model-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string SaveFixture(out string hash)
    {
        var path = Path.Combine(_directory, "model.efmodel");
        hash = ModelFile.Save(FixtureModel.Model, path);
        return path;
    }

    [Fact]
    public void SaveThenLoad_RoundTripsWeightsMetadataAndScores()
    {
        var path = SaveFixture(out var hash);

        var loaded = TextScorer.Load(path);

        var original = FixtureModel.Model;
        var parameters = Assert.IsType<ScoringModel>(loaded.Model);
        Assert.Equal(original.Weights, parameters.Weights);
        Assert.Equal(original.Bias, parameters.Bias);
        Assert.Equal(original.Calibration, parameters.Calibration);
        Assert.Equal(original.Threshold, loaded.Threshold);
        Assert.Equal(original.Metadata.DataFingerprint, loaded.Metadata.DataFingerprint);
        Assert.Equal(original.Metadata.TrainedAt, loaded.Metadata.TrainedAt);
        Assert.Equal(original.Features.TokenizedHeaders, loaded.Features.TokenizedHeaders);
        Assert.Equal(original.Metadata.ValidationMetrics!.RocAuc, loaded.Metadata.ValidationMetrics!.RocAuc);
        Assert.Equal($"1.0.0+{hash[..12]}", loaded.ModelVersion);
        const string text = "free prize, click now";
        Assert.Equal(FixtureModel.Scorer.Score(text).Probability, loaded.Score(text).Probability);
    }

    [Fact]
    public void Save_SameModelTwice_GivesTheSameContentHash()
    {
        using var first = new MemoryStream();
        using var second = new MemoryStream();

        Assert.Equal(ModelFile.Save(FixtureModel.Model, first), ModelFile.Save(FixtureModel.Model, second));
        Assert.Equal(first.ToArray(), second.ToArray());
    }

    [Fact]
    public void Load_FlippedByte_ReportsCorruption()
    {
        var path = SaveFixture(out _);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<ModelFileException>(() => TextScorer.Load(path));
        Assert.Contains("corrupt", error.Message);
    }

    [Fact]
    public void Load_TruncatedFile_ReportsCorruption()
    {
        var path = SaveFixture(out _);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);

        Assert.Throws<ModelFileException>(() => TextScorer.Load(path));
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
    public void Load_NewerFormatVersion_NamesBothVersions()
    {
        var path = SaveFixture(out _);
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), 99);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<ModelFileException>(() => TextScorer.Load(path));
        Assert.Contains("version 99", error.Message);
        Assert.Contains($"version {ModelFile.FormatVersion}", error.Message);
    }

    [Fact]
    public void Load_OtherTokenizerVersion_AsksForRetraining()
    {
        var model = FixtureModel.Model;
        var future = new ScoringModel(model.Features with { TokenizerVersion = 999 }, model.Weights, model.Bias, model.Calibration, model.Threshold, model.Metadata);
        var path = Path.Combine(_directory, "future.efmodel");
        ModelFile.Save(future, path);

        var error = Assert.Throws<ModelFileException>(() => TextScorer.Load(path));
        Assert.Contains("tokenizer version 999", error.Message);
        Assert.Contains("Retrain", error.Message);
    }

    [Fact]
    public void Load_MissingFile_IsAModelFileException()
    {
        Assert.Throws<ModelFileException>(() => TextScorer.Load(Path.Combine(_directory, "absent.efmodel")));
    }

    [Fact]
    public void LoadDefault_ShippedModel_LoadsAndFlagsObviousSpam()
    {
        var scorer = TextScorer.LoadDefault();

        Assert.Equal(FeatureConfig.CurrentTokenizerVersion, scorer.Features.TokenizerVersion);
        Assert.Matches(@"^\d+\.\d+\.\d+\+[0-9a-f]{12}$", scorer.ModelVersion);
        var spam = scorer.Score("Subject: FREE money!!!\nFrom: promo@cash.example.biz\n\nClick here to claim your $1000 cash prize now!!! Limited time offer, act now, 100% free, remove me from this list");
        var ham = scorer.Score("From: dev@lists.example.org\nSubject: Re: patch for the build script\nList-Id: <dev.lists.example.org>\n\nThanks, I applied the patch and the tests pass on my machine. Let's merge it after the review.");
        Assert.True(spam.Probability > ham.Probability);
        Assert.True(spam.IsFlagged, $"spam probability {spam.Probability}");
        Assert.False(ham.IsFlagged, $"ham probability {ham.Probability}");
    }
}
