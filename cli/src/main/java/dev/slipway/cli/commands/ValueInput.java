package dev.slipway.cli.commands;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import dev.slipway.cli.CliException;
import dev.slipway.cli.Environment;
import dev.slipway.cli.ExitCode;
import dev.slipway.contracts.SecretValue;

/**
 * Reads a secret value from a file, standard input or the terminal (without echo), never from the command line, where
 * shell history and the process list would keep it. One trailing line break is dropped.
 */
final class ValueInput {

    /** The largest value read, well above any Kubernetes Secret entry. */
    static final int MAX_BYTES = 1024 * 1024;

    private ValueInput() {
    }

    /**
     * @param file a file, {@code -} for standard input, or null to ask on the terminal (or read standard input when
     *        there is none)
     * @param what what the value is, for the prompt and messages
     */
    static SecretValue read(Path file, Environment environment, String what) {
        byte[] bytes;
        if (file != null && !file.toString().equals("-")) {
            try {
                if (Files.size(file) > MAX_BYTES) {
                    throw new CliException(ExitCode.LOCAL_INPUT, file + " is larger than " + MAX_BYTES + " bytes");
                }
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new CliException(ExitCode.LOCAL_INPUT, "cannot read " + what + " from " + file + ": "
                        + e.getClass().getSimpleName());
            }
        } else if (file == null && environment.console() != null) {
            char[] typed = environment.console().readPassword("%s: ", what);
            if (typed == null) {
                throw new CliException(ExitCode.LOCAL_INPUT, "no " + what + " given");
            }
            bytes = new String(typed).getBytes(StandardCharsets.UTF_8);
            Arrays.fill(typed, '\0');
        } else {
            bytes = readAll(environment.stdin(), what);
        }
        try {
            int length = bytes.length;
            if (length > 0 && bytes[length - 1] == '\n') {
                length--;
                if (length > 0 && bytes[length - 1] == '\r') {
                    length--;
                }
            }
            if (length == 0) {
                throw new CliException(ExitCode.LOCAL_INPUT, "the " + what + " is empty");
            }
            return SecretValue.ofBytes(Arrays.copyOf(bytes, length));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static byte[] readAll(InputStream in, String what) {
        try {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new CliException(ExitCode.LOCAL_INPUT, "the " + what + " on standard input is larger than "
                        + MAX_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new CliException(ExitCode.LOCAL_INPUT, "cannot read " + what + " from standard input: "
                    + e.getClass().getSimpleName());
        }
    }
}
