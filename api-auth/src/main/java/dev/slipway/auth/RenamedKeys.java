package dev.slipway.auth;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The keys API tokens were configured with before every service read {@code slipway.api.tokens}. A deployment that
 * still sets one would otherwise start with no tokens and answer 401 to everyone; it is refused at start instead.
 */
public final class RenamedKeys {

    /** Both the property form ({@code slipway.gateway.api.tokens.ci.role}) and the environment form. */
    private static final Pattern RENAMED = Pattern.compile(
            "(%[^.]+\\.)?slipway[._](gateway[._]api[._]tokens|backup[._]api[._]tokens|secrets[._]auth[._]tokens)"
                    + "([._-].*)?",
            Pattern.CASE_INSENSITIVE);

    private RenamedKeys() {
    }

    /** The first of {@code names} that is an old token key, if any. */
    public static Optional<String> find(Iterable<String> names) {
        for (String name : names) {
            if (name != null && RENAMED.matcher(name).matches()) {
                return Optional.of(name);
            }
        }
        return Optional.empty();
    }

    /** Why a service with {@code key} set does not start; names the key only, never its value. */
    public static String message(String key) {
        return key + " is no longer read: API tokens are configured as slipway.api.tokens.<name>.role and"
                + " slipway.api.tokens.<name>.sha256 (SLIPWAY_API_TOKENS_<NAME>_ROLE / _SHA256), or in the file"
                + " slipway.api.tokens-file (SLIPWAY_API_TOKENS_FILE), one name:role:sha256-hex per line";
    }
}
