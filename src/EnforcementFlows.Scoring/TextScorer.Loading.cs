using EnforcementFlows.Scoring.Persistence;

namespace EnforcementFlows.Scoring;

public sealed partial class TextScorer
{
    /// <summary>Resource name of the model trained on the SpamAssassin training groups and shipped in this assembly.</summary>
    internal const string DefaultModelResource = "EnforcementFlows.Scoring.default.efmodel";

    /// <summary>Loads a model file written by the train command.</summary>
    /// <exception cref="ModelFileException">The file is missing, corrupt or from an incompatible version.</exception>
    public static TextScorer Load(string path)
    {
        var (model, hash) = ModelFile.Load(path);
        return new TextScorer(model, hash);
    }

    /// <summary>Loads a model from a stream (e.g. a blob store download).</summary>
    public static TextScorer Load(Stream stream, string name = "model stream")
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var (model, hash) = ModelFile.Load(copy.GetBuffer().AsSpan(0, (int)copy.Length), name);
        return new TextScorer(model, hash);
    }

    /// <summary>Loads the default model embedded in this assembly, so the service needs no training data.</summary>
    public static TextScorer LoadDefault()
    {
        using var stream = typeof(TextScorer).Assembly.GetManifestResourceStream(DefaultModelResource)
            ?? throw new ModelFileException($"The default model resource '{DefaultModelResource}' is missing from the assembly.");
        return Load(stream, "default model");
    }

    /// <summary>Writes the model to <paramref name="path"/> (used by train; the content hash does not change).</summary>
    internal static string Save(ScoringModel model, string path) => ModelFile.Save(model, path);
}
