using System.Globalization;
using Amend.Models.Checkpoints;

namespace Amend.World.Training;

/// <summary>Writes a loss curve as CSV: step, loss, running_loss, learning_rate, grad_norm, elapsed_s.</summary>
public static class LossCurveFile
{
    /// <summary>Writes <paramref name="curve"/> to <paramref name="path"/>, replacing it only once the new file is complete.</summary>
    public static void Write(IEnumerable<TrainingStep> curve, string path)
    {
        ArgumentNullException.ThrowIfNull(curve);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.WriteLine("step,loss,running_loss,learning_rate,grad_norm,elapsed_s");
            foreach (var s in curve)
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Step},{s.Loss:R},{s.RunningLoss:R},{s.LearningRate:R},{s.GradientNorm:R},{s.Elapsed.TotalSeconds:F1}"));
            }
        });
    }
}
