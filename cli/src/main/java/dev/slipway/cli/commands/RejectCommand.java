package dev.slipway.cli.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway reject RUN ENV --reason ...}. */
@Command(name = "reject", description = "Reject an environment waiting at its gate; the release stops (role sre).")
public class RejectCommand extends ApprovalCommand {

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "why, for the record")
    String reason;

    @Override
    String action() {
        return "reject";
    }

    @Override
    String reason() {
        return reason;
    }
}
