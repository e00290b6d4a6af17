package dev.slipway.cli.commands;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import dev.slipway.cli.Environment;
import dev.slipway.cli.ExitCode;
import dev.slipway.cli.Slipway;
import dev.slipway.cli.http.ApiClient;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that talks to the gateway or secrets-service. */
abstract class ApiCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
        return execute();
    }

    /** Does the work; answers the exit code. */
    abstract int execute();

    Slipway root() {
        return (Slipway) spec.root().userObject();
    }

    Environment environment() {
        return root().environment();
    }

    ApiClient gateway() {
        return root().gateway();
    }

    ApiClient secrets() {
        return root().secrets();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints one line and answers {@link ExitCode#OK}. */
    int done(String line) {
        out().println(line);
        out().flush();
        return ExitCode.OK;
    }
}
