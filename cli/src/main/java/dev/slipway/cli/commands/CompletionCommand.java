package dev.slipway.cli.commands;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code slipway completion}: the shell completion script. */
@Command(name = "completion", description = {"Print the bash completion script (zsh too, with bashcompinit).",
        "  source <(slipway completion)"})
public class CompletionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().getOut().print(AutoComplete.bash("slipway", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
    }
}
