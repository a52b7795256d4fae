using EnforcementFlows.Scoring.Features;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace EnforcementFlows.Scoring.MlNet;

/// <summary>
/// Our hashed, scaled token features as ML.NET rows: a sparse <see cref="VBuffer{T}"/> of the
/// hashing width, so ML.NET's trainers see exactly what the scorer computes (its default
/// FeaturizeText costs ~13x more per message; issue 21).
/// </summary>
internal static class FeatureRows
{
    public const string Label = "Label";
    public const string Weight = "Weight";
    public const string Features = "Features";
    public const string Score = "Score";

    internal sealed class Row
    {
        public bool Label { get; set; }
        public float Weight { get; set; }
        public VBuffer<float> Features { get; set; }
    }

    /// <summary>Rows with balanced example weights (each class carries half of the loss) or unit weights.</summary>
    public static IDataView Load(MLContext ml, IReadOnlyList<SparseVector> vectors, IReadOnlyList<bool> labels, int width, bool balanced = true)
    {
        int positives = labels.Count(y => y), negatives = labels.Count - positives;
        float positiveWeight = !balanced || positives == 0 ? 1 : labels.Count / (2f * positives);
        float negativeWeight = !balanced || negatives == 0 ? 1 : labels.Count / (2f * negatives);
        var rows = new Row[vectors.Count];
        for (int i = 0; i < rows.Length; i++)
            rows[i] = new Row { Label = labels[i], Weight = labels[i] ? positiveWeight : negativeWeight, Features = ToVBuffer(vectors[i], width) };
        return ml.Data.LoadFromEnumerable(rows, Schema(width));
    }

    public static VBuffer<float> ToVBuffer(SparseVector vector, int width) =>
        new(width, vector.Indices.Length, vector.Values, vector.Indices);

    /// <summary>The input schema a saved model expects: a Features vector of the hashing width.</summary>
    public static SchemaDefinition Schema(int width)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[Features].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return schema;
    }

    /// <summary>Input row for a PredictionEngine over a saved model (only the Features column).</summary>
    internal sealed class Input
    {
        public VBuffer<float> Features { get; set; }
    }

    internal sealed class Output
    {
        public float Score { get; set; }
        public float Probability { get; set; }
    }

    public static SchemaDefinition InputSchema(int width)
    {
        var schema = SchemaDefinition.Create(typeof(Input));
        schema[Features].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return schema;
    }
}
