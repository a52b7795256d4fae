using System.Text.Json.Serialization;
using EnforcementFlows.Scoring.Evaluation;

namespace EnforcementFlows.Scoring.Persistence;

// Source-generated serialisation keeps model loading in the millisecond range (no
// reflection warm-up) and is shared with the metric report writer.
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(MlNetModelHeader))]
[JsonSerializable(typeof(MetricReport))]
internal sealed partial class ModelJsonContext : JsonSerializerContext;
