package dev.slipway.e2e.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * A fresh 4096-bit RSA sealing key for secrets-service, made with {@code openssl} when it is installed: a JVM started
 * for a quick start-up (C1 only) takes tens of seconds to generate one itself.
 */
public final class SealingKeyFile {

    private SealingKeyFile() {
    }

    /** Writes a PKCS#8 PEM key to {@code file}, or returns null (secrets-service then generates its own). */
    public static Path generate(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Process openssl = new ProcessBuilder("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt",
                    "rsa_keygen_bits:4096", "-out", file.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!openssl.waitFor(60, TimeUnit.SECONDS)) {
                openssl.destroyForcibly();
                return null;
            }
            if (openssl.exitValue() != 0 || !Files.isRegularFile(file)) {
                return null;
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
