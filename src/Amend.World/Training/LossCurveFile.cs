using System.Globalization;

namespace Amend.World.Training;

/// <summary>Writes a loss curve as CSV: step, loss, running_loss, learning_rate, grad_norm, elapsed_s.</summary>
public static class LossCurveFile
{
    /// <summary>Writes <paramref name="curve"/> to <paramref name="path"/>.</summary>
    public static void Write(IEnumerable<TrainingStep> curve, string path)
    {
        ArgumentNullException.ThrowIfNull(curve);
        using var writer = new StreamWriter(path);
        writer.WriteLine("step,loss,running_loss,learning_rate,grad_norm,elapsed_s");
        foreach (var s in curve)
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Step},{s.Loss:R},{s.RunningLoss:R},{s.LearningRate:R},{s.GradientNorm:R},{s.Elapsed.TotalSeconds:F1}"));
        }
    }
}
