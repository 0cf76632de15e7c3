using Amend.Evaluation.Running;

namespace Amend.Evaluation.Tests.Running;

public sealed class ModelCallsTests
{
    [Fact]
    public void TeacherForce_MatchesEasyEditsPreEditMeasurements()
    {
        // Given: the golden ROME case, whose pre-edit log-probabilities and locality argmax EasyEdit recorded
        // (shared/golden/easyedit/ROME/case0/result.json, "measurements" and "easyedit_metrics")
        var calls = new ModelCalls(TestBenchmark.Model());

        // When: padded into one batch with a longer row, as the runner batches probes
        var forced = calls.TeacherForce([
            ("The Space Needle is located in the city of", "Goa"),
            ("The Space Needle is located in the city of", "Seattle"),
            ("The Eiffel Tower is located in the city of", "Paris"),
            ("The Space Needle can be found in the city of, as everyone knows, the one", "Goa")]);

        // Then
        Assert.Equal([1514, 64], forced[0].Labels);
        Assert.Equal(-10.635539, forced[0].LogProbs[0], 3);
        Assert.Equal(-15.133659, forced[0].LogProbs[1], 3);
        Assert.Equal([7312], forced[1].Labels);
        Assert.Equal(-15.222593, forced[1].LogProbs[0], 3);
        Assert.Equal([47350], forced[2].Predicted);
        Assert.True(calls.Elapsed > TimeSpan.Zero);
    }
}
