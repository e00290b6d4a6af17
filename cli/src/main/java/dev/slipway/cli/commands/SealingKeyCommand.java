package dev.slipway.cli.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCode;
import dev.slipway.cli.http.ApiClient;
import dev.slipway.contracts.sealing.Sealer;
import dev.slipway.contracts.sealing.SealingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code slipway sealing-key}: the public sealing key, to seal offline later. */
@Command(name = "sealing-key", description = "Print (or save) secrets-service's public sealing key, PEM, for "
        + "slipway seal --public-key. No token needed.")
public class SealingKeyCommand extends ApiCommand {

    /** The header naming the key's id. */
    static final String KEY_ID_HEADER = "X-Slipway-Sealing-Key-Id";

    @Option(names = {"-O", "--save"}, paramLabel = "FILE", description = "write the PEM to FILE instead")
    Path save;

    @Override
    int execute() {
        ApiClient.Text text = secrets().getText("/api/sealing-key", "application/x-pem-file");
        Sealer sealer = check(text);
        if (save == null) {
            out().print(text.body());
            out().flush();
            return ExitCode.OK;
        }
        try {
            Files.writeString(save, text.body(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new CliException(ExitCode.LOCAL_INPUT, "cannot write " + save + ": " + e.getClass().getSimpleName());
        }
        return done("sealing key " + sealer.keyId() + " saved to " + save);
    }

    /** The sealer for the key secrets-service serves now. */
    static Sealer fetch(ApiClient secrets) {
        return check(secrets.getText("/api/sealing-key", "application/x-pem-file"));
    }

    private static Sealer check(ApiClient.Text text) {
        Sealer sealer;
        try {
            sealer = Sealer.fromPem(text.body());
        } catch (SealingException e) {
            throw new CliException(ExitCode.SERVER_ERROR, "secrets-service's sealing key is not usable: "
                    + e.getMessage());
        }
        String announced = text.headers().firstValue(KEY_ID_HEADER).orElse(sealer.keyId());
        if (!announced.equals(sealer.keyId())) {
            throw new CliException(ExitCode.SERVER_ERROR, "secrets-service names its sealing key " + announced
                    + " but the PEM it served is key " + sealer.keyId());
        }
        return sealer;
    }
}
