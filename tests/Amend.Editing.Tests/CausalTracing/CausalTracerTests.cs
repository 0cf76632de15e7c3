using Amend.Editing.CausalTracing;

namespace Amend.Editing.Tests.CausalTracing;

public sealed class CausalTracerTests
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string, CausalTraceKind> ModelsAndKinds => new()
    {
        { TraceModels.Gpt2, CausalTraceKind.Residual },
        { TraceModels.Gpt2, CausalTraceKind.Mlp },
        { TraceModels.Stories, CausalTraceKind.Residual },
        { TraceModels.Stories, CausalTraceKind.Attention },
    };

    [Theory]
    [MemberData(nameof(ModelsAndKinds))]
    public void ZeroNoise_EveryRestorationScoresTheCleanProbability(string name, CausalTraceKind kind)
    {
        // Given a trace whose noise is zero, so the "corrupted" run is the clean run
        var (model, prompt, subject) = TraceModels.Load(name);

        // When
        var result = new CausalTracer(model).Trace(prompt, subject, options: new CausalTraceOptions { Kind = kind, Noise = 0, Samples = 2, Window = 2 });

        // Then
        Assert.Equal(result.CleanProbability, result.CorruptedProbability, Tolerance);
        foreach (double score in result.Scores) Assert.Equal(result.CleanProbability, score, Tolerance);
    }

    [Theory]
    [InlineData(TraceModels.Gpt2)]
    [InlineData(TraceModels.Stories)]
    public void Noise_ChangesTheAnswer_AndTheLastTokensFinalStateRestoresIt(string name)
    {
        // Given
        var (model, prompt, subject) = TraceModels.Load(name);

        // When
        var result = new CausalTracer(model).Trace(prompt, subject, options: new CausalTraceOptions { Samples = 4 });

        // Then the noise moves the answer's probability, and the final residual state at the last token determines the output
        Assert.True(Math.Abs(result.CleanProbability - result.CorruptedProbability) > 1e-3, $"clean {result.CleanProbability}, corrupted {result.CorruptedProbability}");
        Assert.Equal(result.CleanProbability, result.Scores[result.Tokens.Length - 1, result.Layers - 1], Tolerance);
    }

    [Theory]
    [InlineData(TraceModels.Gpt2)]
    [InlineData(TraceModels.Stories)]
    public void TokensBeforeTheSubject_AreUntouchedByNoise_SoRestoringThemDoesNothing(string name)
    {
        // Given a prompt with at least one token before the subject (GPT-2's "The", LLaMA's BOS)
        var (model, prompt, subject) = TraceModels.Load(name);

        // When
        var result = new CausalTracer(model).Trace(prompt, subject, options: new CausalTraceOptions { Samples = 3 });

        // Then causal attention keeps their states clean already
        Assert.True(result.SubjectStart > 0);
        for (int t = 0; t < result.SubjectStart; t++)
        {
            for (int l = 0; l < result.Layers; l++) Assert.Equal(result.CorruptedProbability, result.Scores[t, l], Tolerance);
        }
    }

    [Fact]
    public void WindowCoveringEveryLayer_GivesTheSameScoreInEveryColumn()
    {
        var (model, prompt, subject) = TraceModels.Load(TraceModels.Stories);

        var result = new CausalTracer(model).Trace(prompt, subject, options: new CausalTraceOptions { Kind = CausalTraceKind.Mlp, Samples = 2, Window = 20 });

        Assert.Equal(20, result.Window);
        for (int t = 0; t < result.Tokens.Length; t++)
        {
            for (int l = 1; l < result.Layers; l++) Assert.Equal(result.Scores[t, 0], result.Scores[t, l]);
        }
    }

    [Fact]
    public void SameSeed_SameScores_OtherSeed_OtherNoise()
    {
        var (model, prompt, subject) = TraceModels.Load(TraceModels.Gpt2);
        var tracer = new CausalTracer(model);

        var first = tracer.Trace(prompt, subject, options: new CausalTraceOptions { Samples = 3, Seed = 7 });
        var second = tracer.Trace(prompt, subject, options: new CausalTraceOptions { Samples = 3, Seed = 7 });
        var other = tracer.Trace(prompt, subject, options: new CausalTraceOptions { Samples = 3, Seed = 8 });

        Assert.Equal(first.Scores, second.Scores);
        Assert.Equal(first.CorruptedProbability, second.CorruptedProbability);
        Assert.NotEqual(first.CorruptedProbability, other.CorruptedProbability);
    }

    [Fact]
    public void Target_IsScoredInsteadOfTheCleanPrediction()
    {
        var (model, prompt, subject) = TraceModels.Load(TraceModels.Stories);
        var tracer = new CausalTracer(model);
        var predicted = tracer.Trace(prompt, subject, options: new CausalTraceOptions { Samples = 1, Noise = 0 });

        var same = tracer.Trace(prompt, subject, target: predicted.Answer, options: new CausalTraceOptions { Samples = 1, Noise = 0 });
        var other = tracer.Trace(prompt, subject, target: "dog", options: new CausalTraceOptions { Samples = 1, Noise = 0 });

        Assert.Equal(predicted.AnswerId, same.AnswerId);
        Assert.Equal(predicted.CleanProbability, same.CleanProbability);
        Assert.NotEmpty(other.Answer.Trim());
        Assert.StartsWith(other.Answer.Trim(), "dog", StringComparison.Ordinal); // tok512 splits " dog": the first token is scored
        Assert.True(other.CleanProbability < predicted.CleanProbability);
    }

    [Fact]
    public void Progress_IsReportedOncePerLayer()
    {
        var (model, prompt, subject) = TraceModels.Load(TraceModels.Gpt2);
        var reports = new List<EditProgress>();

        var result = new CausalTracer(model).Trace(prompt, subject, options: new CausalTraceOptions { Samples = 1, Progress = new SynchronousProgress(reports.Add) });

        Assert.Equal(Enumerable.Range(1, result.Layers), reports.Select(r => r.Done));
        Assert.All(reports, r => Assert.Equal(result.Layers, r.Total));
    }

    [Theory]
    [InlineData(TraceModels.Gpt2, CausalTraceKind.Residual)]
    [InlineData(TraceModels.Stories, CausalTraceKind.Mlp)]
    public void SamplesInChunks_ScoreAsOnePass(string name, CausalTraceKind kind)
    {
        // Given 7 samples, traced in one pass and in passes of 3, 3 and 1 rows
        var (model, prompt, subject) = TraceModels.Load(name);
        var options = new CausalTraceOptions { Kind = kind, Samples = 7, Window = 3 };

        // When
        var whole = new CausalTracer(model).Trace(prompt, subject, options: options);
        var chunked = new CausalTracer(model) { RowsPerPass = 3 }.Trace(prompt, subject, options: options);

        // Then the chunks' weighted means are the mean over all samples
        Assert.Equal(whole.CorruptedProbability, chunked.CorruptedProbability, 1e-6);
        Assert.True(Math.Abs(whole.CorruptedProbability - whole.CleanProbability) > 1e-3, "the noise should move the answer");
        for (int t = 0; t < whole.Tokens.Length; t++)
        {
            for (int l = 0; l < whole.Layers; l++) Assert.Equal(whole.Scores[t, l], chunked.Scores[t, l], 1e-6);
        }
    }

    [Fact]
    public void Progress_CountsEveryChunksLayers()
    {
        var (model, prompt, subject) = TraceModels.Load(TraceModels.Gpt2);
        var reports = new List<EditProgress>();

        var result = new CausalTracer(model) { RowsPerPass = 2 }.Trace(prompt, subject, options: new CausalTraceOptions { Samples = 5, Progress = new SynchronousProgress(reports.Add) });

        Assert.Equal(Enumerable.Range(1, 3 * result.Layers), reports.Select(r => r.Done));
        Assert.All(reports, r => Assert.Equal(3 * result.Layers, r.Total));
    }

    [Fact]
    public void SubjectStd_IsTheStdOfTheSubjectsTokenEmbeddings()
    {
        // Given two subjects, one repeated, as ROME's fact list repeats subjects across facts
        var (model, _, _) = TraceModels.Load(TraceModels.Gpt2);
        string[] subjects = ["Space Needle", "Paris", "Space Needle"];

        // When
        double std = SubjectNoise.SubjectStd(model, subjects);

        // Then it matches a two-pass std over the embedding rows of every subject token, repeats included
        var weight = model.Model.Weight(Amend.Models.Architectures.ModuleRole.Embedding).Value;
        int width = weight.Shape[1];
        float[] table = weight.ToFloat32().ToArray();
        double[] values = [.. subjects.SelectMany(model.EncodeContinuation).SelectMany(id => table.Skip(id * width).Take(width)).Select(v => (double)v)];
        Assert.True(values.Length >= 4 * width, $"{values.Length / width} tokens"); // "Space Needle" is at least two tokens, twice
        double mean = values.Average();
        double expected = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        Assert.Equal(expected, std, 1e-9);
        Assert.NotEqual(SubjectNoise.EmbeddingStd(model.Model), std, 1e-4);
    }

    [Fact]
    public void SubjectStd_WithoutTokens_IsRefused()
    {
        var (model, _, _) = TraceModels.Load(TraceModels.Gpt2);

        var error = Assert.Throws<ArgumentException>(() => SubjectNoise.SubjectStd(model, [string.Empty]));

        Assert.Contains("no tokens", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SubjectNotInPrompt_NamesTheSubject()
    {
        var (model, prompt, _) = TraceModels.Load(TraceModels.Gpt2);

        var error = Assert.Throws<EditRequestException>(() => new CausalTracer(model).Trace(prompt, "Eiffel Tower"));

        Assert.Equal("subject", error.Field);
        Assert.Contains("Eiffel Tower", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 10, 3.0, "Window")]
    [InlineData(10, 0, 3.0, "Samples")]
    [InlineData(10, 2_000_000_000, 3.0, "Samples")]
    [InlineData(10, 10, -1.0, "Noise")]
    public void BadOptions_AreRejectedByName(int window, int samples, double noise, string field)
    {
        var (model, prompt, subject) = TraceModels.Load(TraceModels.Gpt2);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new CausalTracer(model).Trace(prompt, subject, options: new CausalTraceOptions { Window = window, Samples = samples, Noise = noise }));

        Assert.Equal(field, error.ParamName);
    }

    [Fact]
    public void ANoiseThatOverflowsFloats_IsRefused_NotTracedAsNaN()
    {
        var (model, prompt, subject) = TraceModels.Load(TraceModels.Gpt2);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new CausalTracer(model).Trace(prompt, subject, options: new CausalTraceOptions { Samples = 2, Noise = 1e300 }));

        Assert.Contains("probabilities to NaN: trace with a smaller noise (--noise or --noise-std", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APromptWithTwoPlaceholders_IsRefused()
    {
        var (model, _, subject) = TraceModels.Load(TraceModels.Gpt2);

        var error = Assert.Throws<EditRequestException>(() => new CausalTracer(model).Trace("{} was born in {}", subject));

        Assert.Equal("prompt", error.Field);
        Assert.Contains("more than one \"{}\" placeholder", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(5, 10, 48, 0, 10)]
    [InlineData(0, 10, 5, 0, 5)]
    [InlineData(3, 1, 5, 3, 1)]
    [InlineData(4, 3, 5, 3, 2)]
    [InlineData(3, int.MaxValue, 5, 0, 5)]
    public void WindowAround_FollowsRome(int layer, int window, int layers, int first, int count)
    {
        Assert.Equal(Enumerable.Range(first, count), CausalTracer.WindowAround(layer, window, layers));
    }

    private sealed class SynchronousProgress(Action<EditProgress> report) : IProgress<EditProgress>
    {
        public void Report(EditProgress value) => report(value);
    }
}
