namespace Amend.Cli.Commands;

/// <summary>One demo question: what it tests, the prompt, the answer the edited world implies, and whether the edit should change it.</summary>
internal sealed record DemoProbe(string Label, string Prompt, string Expected, bool ShouldChange);
