package dev.slipway.cli.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.slipway.cli.CliException;
import dev.slipway.cli.ExitCode;

/**
 * The config file, {@code ~/.config/slipway/config}: {@code key = value} lines, {@code #} comments.
 *
 * <pre>
 * server = https://slipway.example.com
 * token = ...
 * secrets-server = https://secrets.slipway.example.com
 * secrets-token = ...
 * </pre>
 */
public final class ConfigFile {

    public static final String SERVER = "server";
    public static final String TOKEN = "token";
    public static final String SECRETS_SERVER = "secrets-server";
    public static final String SECRETS_TOKEN = "secrets-token";
    static final Set<String> KEYS = Set.of(SERVER, TOKEN, SECRETS_SERVER, SECRETS_TOKEN);

    private ConfigFile() {
    }

    /**
     * Reads a config file.
     *
     * @throws CliException ({@link ExitCode#LOCAL_INPUT}) for a file that cannot be read or a line that is not a known
     *         {@code key = value}; the message names the line, never a value
     */
    public static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliException(ExitCode.LOCAL_INPUT, "cannot read the config file " + file + ": "
                    + e.getClass().getSimpleName());
        }
        return parse(lines, file.toString());
    }

    static Map<String, String> parse(List<String> lines, String source) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            String key = equals < 0 ? line : line.substring(0, equals).strip();
            if (equals < 0 || !KEYS.contains(key)) {
                throw new CliException(ExitCode.LOCAL_INPUT, source + ":" + (i + 1) + ": expected one of "
                        + String.join(", ", KEYS.stream().sorted().toList()) + " as key = value");
            }
            String value = line.substring(equals + 1).strip();
            if (!value.isEmpty()) {
                values.put(key, value);
            }
        }
        return values;
    }
}
