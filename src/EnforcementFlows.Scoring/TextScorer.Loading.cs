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

    private static TextScorer Load(byte[] bytes, string name)
    {
        if (bytes.AsSpan().StartsWith("EFSCORER"u8))
            throw new ModelFileException($"'{name}' uses model format version 1 (our own binary format from before the ML.NET scorer); this build reads version {MlNetModelFile.FormatVersion}. Retrain the model with 'model train'.");
        if (!MlNetModelFile.LooksLikeZip(bytes))
            throw new ModelFileException($"'{name}' is not a text scorer model file (not a zip archive).");
        var (model, hash) = MlNetModelFile.Load(bytes, name);
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
    /// <summary>Writes an ML.NET model in format 2 and returns its content hash.</summary>
    internal static string Save(MlNet.MlNetModel model, string path) => MlNetModelFile.Save(model, path);
}
