package dev.slipway.cli.commands;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway approve RUN ENV [--reason ...]}. */
@Command(name = "approve", description = "Approve an environment waiting at its gate (role sre).")
public class ApproveCommand extends ApprovalCommand {

    @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the record")
    String reason;

    @Override
    String action() {
        return "approve";
    }

    @Override
    String reason() {
        return reason;
    }
}
