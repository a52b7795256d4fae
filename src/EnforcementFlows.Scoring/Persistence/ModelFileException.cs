namespace EnforcementFlows.Scoring.Persistence;

/// <summary>A model file that cannot be used: not a model, corrupt, truncated or from an incompatible version.</summary>
public sealed class ModelFileException : Exception
{
    public ModelFileException(string message) : base(message) { }

    public ModelFileException(string message, Exception inner) : base(message, inner) { }
}
