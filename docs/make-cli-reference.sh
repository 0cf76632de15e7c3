#!/usr/bin/env bash
# Writes docs/cli.md from the tool's own --help, walking every command and subcommand.
# Run from the repository root: bash docs/make-cli-reference.sh
set -euo pipefail
./amend --version > /dev/null
amend=(dotnet artifacts/bin/Amend.Cli/release/amend.dll)

section() {
    local path="$1" help
    help="$("${amend[@]}" $path --help 2>&1 | sed -e 's/[[:space:]]*$//')"
    printf '## amend%s\n\n```text\n%s\n```\n\n' "${path:+ $path}" "$help"
    # Subcommands are the first word of each line under "Commands:".
    for sub in $(printf '%s\n' "$help" | sed -n '/^Commands:/,$p' | sed -n 's/^  \([a-z][a-z0-9-]*\).*/\1/p'); do
        section "${path:+$path }$sub"
    done
}

{
    printf '# Command reference\n\n'
    printf 'Every `amend` command with its options, as `--help` prints them. `Amend.Cli.Tests` checks that every command\n'
    printf 'and option of the tool appears here; after changing one, regenerate the page with\n'
    printf '`bash docs/make-cli-reference.sh` (from the repository root).\n\n'
    printf '## Exit codes and Ctrl+C\n\n'
    printf '| code | meaning |\n|--:|---|\n'
    printf '| 0 | done |\n'
    printf '| 1 | a fault of the tool itself (a stack trace; please report it) |\n'
    printf '| 2 | bad input: an option, file, field or value, named in one line on standard error |\n'
    printf '| 3 | a `bench` run in which every case failed: its reports are written, the first reason is on standard error |\n'
    printf '| 130 | stopped by Ctrl+C or SIGTERM |\n\n'
    printf 'The long commands (`edit`, `bench` runs, `stats`, `trace`, `world train`) stop at their next safe point on\n'
    printf 'the first Ctrl+C: between optimisation steps, forward passes, benchmark cases or training steps. They keep\n'
    printf 'what is done and say where (a bench run'"'"'s finished cases for `--resume`, the statistics checkpoint, the\n'
    printf 'trained weights as a checkpoint) and write no partial output; a model being saved is finished first. A\n'
    printf 'second Ctrl+C ends the process at once. Other commands end at once on the first. A save ended that way\n'
    printf 'leaves its hidden staging folder (`.NAME.GUID.tmp`) beside the destination; the next save to that\n'
    printf 'destination names any such folder an hour old or more as a warning, and deletes nothing.\n\n'
    printf '## Progress\n\n'
    printf 'Progress goes to standard error, so standard output keeps results and JSON. On a terminal it is live bars.\n'
    printf 'When standard error is a file or a CI log, each bar is plain lines instead (`v* optimisation: 5/20 (25%%)`):\n'
    printf 'one when it starts, at each quarter, at least every 30 seconds while it moves, and its last state at the\n'
    printf 'end; `world train` writes a line of loss, learning rate and ETA every 2%% of its steps.\n\n'
    section ""
} > docs/cli.md.tmp
mv docs/cli.md.tmp docs/cli.md
