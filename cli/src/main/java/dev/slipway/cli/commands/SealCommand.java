package dev.slipway.cli.commands;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCode;
import dev.slipway.cli.output.OutputOptions;
import dev.slipway.contracts.Json;
import dev.slipway.contracts.SecretValue;
import dev.slipway.contracts.sealing.Sealer;
import dev.slipway.contracts.sealing.SealingException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code slipway seal APP ENV KEY}: encrypts a value offline for committing to git. */
@Command(name = "seal", description = {"Seal a value for APP, ENV and KEY with Slipway's public sealing key, to "
        + "commit to git; only secrets-service can open it, and only for that application, environment and key.",
        "The key comes from --public-key (a PEM file, so sealing needs no network) or from secrets-service's "
                + "GET /api/sealing-key. The value is read from --from-file, standard input or the terminal.",
        "Prints v1:<key id>:<base64>; with --line, KEY=v1:..., the form slipway secrets apply reads."})
public class SealCommand extends ApiCommand {

    @Parameters(index = "0", paramLabel = "APP", description = "the application")
    String app;

    @Parameters(index = "1", paramLabel = "ENV", description = "the environment")
    String environment;

    @Parameters(index = "2", paramLabel = "KEY", description = "the secret's key")
    String key;

    @Option(names = "--public-key", paramLabel = "PEM", description = "the sealing key's PEM file (slipway sealing-key)")
    Path publicKey;

    @Option(names = "--from-file", paramLabel = "FILE", description = "read the value from FILE; - for standard input")
    Path file;

    @Option(names = "--line", description = "print KEY=v1:... instead of the sealed value alone")
    boolean line;

    @Option(names = {"-o",
            "--output"}, paramLabel = "FORMAT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    String format;

    @Override
    int execute() {
        if (!format.equals("text") && !format.equals("json")) {
            throw new CliException(ExitCode.USAGE, "--output: text or json, not '" + format + "'");
        }
        Sealer sealer = sealer();
        SecretValue value = ValueInput.read(file, environment(), "value of " + key);
        String sealed;
        try {
            sealed = sealer.seal(app, environment, key, value);
        } catch (SealingException e) {
            throw new CliException(ExitCode.LOCAL_INPUT, e.getMessage());
        } finally {
            value.destroy();
        }
        if (format.equals("json")) {
            Map<String, String> json = new LinkedHashMap<>();
            json.put("app", app);
            json.put("environment", environment);
            json.put("key", key);
            json.put("keyId", sealer.keyId());
            json.put("sealed", sealed);
            OutputOptions.printJson(out(), Json.MAPPER.valueToTree(json));
            return ExitCode.OK;
        }
        return done(line ? key + "=" + sealed : sealed);
    }

    private Sealer sealer() {
        if (publicKey != null) {
            String pem;
            try {
                pem = Files.readString(publicKey, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                throw new CliException(ExitCode.LOCAL_INPUT, "cannot read the sealing key " + publicKey + ": "
                        + e.getClass().getSimpleName());
            }
            try {
                return Sealer.fromPem(pem);
            } catch (SealingException e) {
                throw new CliException(ExitCode.LOCAL_INPUT, publicKey + ": " + e.getMessage());
            }
        }
        return SealingKeyCommand.fetch(secrets());
    }
}
