namespace EnforcementFlows.Scoring.Data;

/// <summary>One training or evaluation message with its human (or corpus) label.</summary>
/// <param name="Text">Raw message or report text; email headers and MIME are understood.</param>
/// <param name="IsPositive">True for the class the scorer flags (spam, abuse).</param>
/// <param name="Category">Optional sub-category, reported per category by evaluate.</param>
/// <param name="Source">Where the example came from (file and line, corpus path), for error messages.</param>
public sealed record LabeledExample(string Text, bool IsPositive, string? Category, string Source);
