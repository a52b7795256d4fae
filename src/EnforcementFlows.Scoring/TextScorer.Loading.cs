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

    // Format 2 (an ML.NET model in a zip) or format 1 (our own binary file, EFSCORER).
    private static TextScorer Load(byte[] bytes, string name)
    {
        if (MlNetModelFile.LooksLikeZip(bytes))
        {
            var (mlnet, mlnetHash) = MlNetModelFile.Load(bytes, name);
            return new TextScorer(mlnet, mlnetHash);
        }
        var (model, hash) = ModelFile.Load(bytes, name);
        return new TextScorer(model, hash);
    }

    /// <summary>Loads a model from a stream (e.g. a blob store download).</summary>
    public static TextScorer Load(Stream stream, string name = "model stream")
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Load(copy.ToArray(), name);
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

    /// <summary>Writes an ML.NET model in format 2 and returns its content hash.</summary>
    internal static string Save(MlNet.MlNetModel model, string path) => MlNetModelFile.Save(model, path);
}
