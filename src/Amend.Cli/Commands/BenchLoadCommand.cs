using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Amend.Models.Checkpoints;
using Amend.Models.HuggingFace;

namespace Amend.Cli.Commands;

/// <summary>
/// <c>amend bench load</c>: peak memory of loading a checkpoint against its size on disk. Half-precision weights
/// should stay half, so a bf16 model should cost about its file size, not double.
/// </summary>
internal static class BenchLoadCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Checkpoint folder to load; default: a GPT-2-small-shaped bf16 checkpoint written by a child process." };
        var createBf16 = new Option<string?>("--create-bf16") { Description = "Write the GPT-2-small-shaped bf16 checkpoint to this folder and exit.", Hidden = true };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("load", "Peak memory of loading a checkpoint, against its size on disk.") { model, createBf16, json };
        command.SetAction(parse => CommandErrors.Run("bench load", parse.InvocationConfiguration.Error, () =>
        {
            if (parse.GetValue(createBf16) is string target)
            {
                WriteBf16Checkpoint(target);
                return 0;
            }

            string folder = parse.GetValue(model) is string given ? RequireSafetensorsFolder(given) : CreateInChildProcess();
            var result = MeasureLoad(folder);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) output.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
            else output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{folder}: {result.FileMegabytes:F1} MB on disk; loading raised peak memory by {result.PeakIncreaseMegabytes:F1} MB ({result.PeakIncreaseMegabytes / result.FileMegabytes:F2}x the file); resident after load +{result.ResidentIncreaseMegabytes:F1} MB"));
            return 0;
        }));
        return command;
    }

    // The measure is against the safetensors files' size, so a folder without any (or not a folder) has nothing to measure.
    private static string RequireSafetensorsFolder(string folder)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"--model {folder}: no such folder (bench load measures a checkpoint folder)");
        if (Directory.GetFiles(folder, "*.safetensors").Length == 0) throw new InvalidDataException($"--model {folder}: the folder holds no .safetensors file to measure loading against");
        return folder;
    }

    private static LoadMemoryResult MeasureLoad(string folder)
    {
        GC.Collect();
        long baseline = ProcessMemory.PeakResidentBytes();
        long residentBefore = ProcessMemory.ResidentBytes();
        var loaded = ModelFolder.Load(folder);
        long peak = ProcessMemory.PeakResidentBytes();
        long resident = ProcessMemory.ResidentBytes();
        GC.KeepAlive(loaded);
        long file = Directory.GetFiles(folder, "*.safetensors").Sum(f => new FileInfo(f).Length);
        const double mb = 1 << 20;
        return new LoadMemoryResult(file / mb, Math.Max(0, peak - baseline) / mb, (resident - residentBefore) / mb);
    }

    private static string CreateInChildProcess()
    {
        // Per user: a folder another user created under the shared temp path must not be trusted or written into.
        string folder = Path.Combine(Path.GetTempPath(), $"amend-bench-load-bf16-{Environment.UserName}");
        if (File.Exists(Path.Combine(folder, "model.safetensors"))) return folder;
        var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") start.ArgumentList.Add(typeof(BenchLoadCommand).Assembly.Location);
        foreach (string arg in new[] { "bench", "load", "--create-bf16", folder }) start.ArgumentList.Add(arg);
        using var child = Process.Start(start)!;
        child.WaitForExit();
        if (child.ExitCode != 0) throw new InvalidOperationException($"writing the bf16 benchmark checkpoint failed (exit {child.ExitCode})");
        return folder;
    }

    private static void WriteBf16Checkpoint(string folder)
    {
        var model = ForwardBenchmark.CreateModel();
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "config.json"), ForwardBenchmark.ConfigJson);
        SafetensorsWriter.WriteFile(Path.Combine(folder, "model.safetensors"), model.Parameters.ToDictionary(p => p.Name, p => p.Value.ToDType(DType.BFloat16)));
    }
}
