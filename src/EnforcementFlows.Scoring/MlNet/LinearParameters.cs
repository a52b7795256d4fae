using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace EnforcementFlows.Scoring.MlNet;

/// <summary>
/// The trained linear model's parameters read out of an ML.NET chain: scoring with them is
/// the same arithmetic ML.NET does (dot product plus bias, then the calibrator's sigmoid),
/// without building an IDataView row per message.
/// </summary>
internal sealed record LinearParameters(float[] Weights, double Bias, SigmoidCalibration Calibration)
{
    public static LinearParameters? TryExtract(ITransformer transformer, int width)
    {
        var parts = transformer is IEnumerable<ITransformer> chain ? chain.ToArray() : [transformer];
        var predictor = parts.OfType<IPredictionTransformer<object>>().FirstOrDefault(p => p.Model is not ICalibrator);
        var platt = parts.Select(CalibratorOf).OfType<PlattCalibrator>().LastOrDefault();
        if (predictor is null || platt is null) return null;
        var linear = predictor.Model as LinearBinaryModelParameters ?? SubModelOf(predictor.Model) as LinearBinaryModelParameters;
        if (linear is null) return null;
        var weights = new float[width];
        if (linear.Weights.Count != width) return null;
        int index = 0;
        foreach (float w in linear.Weights) weights[index++] = w;
        // ML.NET's Platt calibrator computes 1 / (1 + exp(Slope * score + Offset)).
        return new LinearParameters(weights, linear.Bias, new SigmoidCalibration(-platt.Slope, -platt.Offset));
    }

    private static ICalibrator? CalibratorOf(ITransformer part) => (part as IPredictionTransformer<object>)?.Model as ICalibrator;

    // The classifier inside a calibrated model (the trainer's own calibrator is superseded by
    // the out-of-fold one that follows it in the chain).
    private static object? SubModelOf(object model) => (model as CalibratedModelParametersBase)?.SubModel;
}
