namespace Amend.World.Evaluation;

/// <summary>A prompt whose greedy continuation should be <see cref="Answer"/> (after one space).</summary>
/// <param name="Prompt">Text without the answer, e.g. "Talo Venrik was born in".</param>
/// <param name="Answer">The expected object, e.g. "Velmora".</param>
public sealed record RecallProbe(string Prompt, string Answer);
