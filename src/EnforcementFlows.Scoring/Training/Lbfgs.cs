using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using MathNet.Numerics.Optimization;

namespace EnforcementFlows.Scoring.Training;

/// <summary>
/// Thin wrapper over MathNet's L-BFGS. MathNet throws when it hits the iteration cap; for
/// a regularised convex loss the last point is still a good model, so we keep the best
/// point seen instead of losing the work.
/// </summary>
internal static class Lbfgs
{
    public delegate double ValueAndGradient(ReadOnlySpan<double> parameters, Span<double> gradient);

    public static double[] Minimize(ValueAndGradient objective, int dimension, int maxIterations, double gradientTolerance, Action<int, double>? onEvaluation = null)
    {
        double bestValue = double.PositiveInfinity;
        double[] best = new double[dimension];
        int evaluations = 0;
        var function = ObjectiveFunction.Gradient(point =>
        {
            var parameters = ((DenseVector)point).Values;
            var gradient = new double[dimension];
            double value = objective(parameters, gradient);
            if (value < bestValue)
            {
                bestValue = value;
                parameters.CopyTo(best, 0);
            }
            onEvaluation?.Invoke(++evaluations, value);
            return (value, new DenseVector(gradient)); // wraps the array, no copy
        });
        var minimizer = new LimitedMemoryBfgsMinimizer(gradientTolerance, 1e-10, 1e-10, memory: 10, maximumIterations: maxIterations);
        try
        {
            var result = minimizer.FindMinimum(function, Vector<double>.Build.Dense(dimension));
            return ((DenseVector)result.MinimizingPoint).Values;
        }
        catch (Exception e) when (e is MaximumIterationsException or OptimizationException)
        {
            return best;
        }
    }
}
