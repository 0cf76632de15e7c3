using Amend.Editing.Hyperparameters;
using Amend.Editing.Methods.FineTune;
using Amend.Editing.Methods.Kn;
using Amend.Editing.Methods.Kne;
using Amend.Editing.Methods.Rome;
using Amend.Editing.Tests.Methods.FineTune;
using Amend.Editing.Tests.Methods.Kn;
using Amend.Editing.Tests.Methods.Kne;
using Amend.Editing.Tests.Methods.Rome;

namespace Amend.Editing.Tests;

/// <summary>An edit stopped through <see cref="EditOptions.Cancellation"/> mid-way stops at its next step and, like any failed edit, leaves the model as it was.</summary>
public sealed class EditCancellationTests
{
    public static TheoryData<string> Methods => ["ROME", "FT-L", "KN", "KNE"];

    [Theory]
    [MemberData(nameof(Methods))]
    public void CancelledAfterTheFirstStep_StopsThere_AndLeavesEveryWeightAsItWas(string method)
    {
        // Given a stop asked for as the first step is reported
        var model = GoldenGpt2.Load();
        var before = model.Model.Parameters.ToDictionary(p => p.Name, p => p.Value.ToArray());
        using var stop = new CancellationTokenSource();
        var reports = new List<EditProgress>();
        var (editor, request, templates) = Editor(method);
        var options = new EditOptions
        {
            ContextTemplates = templates,
            Cancellation = stop.Token,
            Progress = new Synchronous(p =>
            {
                reports.Add(p);
                stop.Cancel();
            }),
        };

        // When
        Assert.ThrowsAny<OperationCanceledException>(() => editor.Apply(model, request, options));

        // Then one step ran, and every weight holds its old bits
        Assert.Single(reports);
        Assert.All(model.Model.Parameters, p => Assert.True(before[p.Name].AsSpan().SequenceEqual(p.Value.ToArray()), p.Name));
    }

    private static (IEditor Editor, EditRequest Request, IReadOnlyList<string>? Templates) Editor(string method)
    {
        switch (method)
        {
            case "ROME":
                var rome = RomeGolden.Load("ROME");
                return (new RomeEditor(rome.Hyperparameters), rome.Request, rome.Templates);
            case "FT-L":
                return (new FineTuneEditor(FineTuneGolden.Hyperparameters("FT-L")), FineTuneGolden.Request("FT-L"), null);
            case "KN":
                var kn = HyperparameterFile.Parse<KnHyperparameters>(KnHyperparametersTests.EasyEditGpt2Xl, "gpt2-xl.yaml") with { Steps = 4, BatchSize = 4 };
                return (new KnEditor(kn), FineTuneGolden.Request("FT-L"), null);
            default:
                return (new KneEditor(KneSettings.Golden()), KneSettings.Request, null);
        }
    }

    // Progress<T> posts to the thread pool; the stop must be asked for before the next step starts.
    private sealed class Synchronous(Action<EditProgress> report) : IProgress<EditProgress>
    {
        public void Report(EditProgress value) => report(value);
    }
}
