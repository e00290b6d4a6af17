package dev.slipway.secrets.store;

import java.util.regex.Pattern;

/**
 * One secret: a key of an application's environment. Names are checked here, once, so nothing malformed reaches the
 * database or a Kubernetes Secret.
 *
 * @param app a DNS-1123 label, as in {@code slipway.yaml}
 * @param environment a DNS-1123 label
 * @param key a Kubernetes Secret data key: letters, digits, {@code -}, {@code _} and {@code .}
 */
public record SecretRef(String app, String environment, String key) {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");

    public SecretRef {
        requireLabel("application", app);
        requireLabel("environment", environment);
        requireKey(key);
    }

    /** Checks an application or environment name. */
    public static String requireLabel(String what, String name) {
        if (name == null || !LABEL.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " name must be a DNS-1123 label (lower-case letters, digits"
                    + " and '-', at most 63 characters), got '" + printable(name) + "'");
        }
        return name;
    }

    /** Checks a secret key name. */
    public static String requireKey(String key) {
        if (key == null || !KEY.matcher(key).matches() || key.equals(".") || key.equals("..")) {
            throw new IllegalArgumentException("secret key must be letters, digits, '-', '_' or '.' (at most 253),"
                    + " got '" + printable(key) + "'");
        }
        return key;
    }

    private static String printable(String text) {
        if (text == null) {
            return "";
        }
        String clean = text.replaceAll("[^\\x20-\\x7e]", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "..." : clean;
    }

    @Override
    public String toString() {
        return app + "/" + environment + "/" + key;
    }
}
