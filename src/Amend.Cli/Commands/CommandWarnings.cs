namespace Amend.Cli.Commands;

/// <summary>Says warnings (an unknown hyperparameter key, a skipped dataset record) on standard error, one "warning: " line each.</summary>
internal static class CommandWarnings
{
    public static void Write(TextWriter error, IEnumerable<string> warnings)
    {
        foreach (string warning in warnings) error.WriteLine("warning: " + warning);
    }
}
