package dev.slipway.build.scan;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.slipway.contracts.SecretValue;

/**
 * Shapes of credentials that must never be committed nor shown: private key blocks and the token formats of common
 * providers. Used to scan a checkout and to redact command output.
 */
public final class SecretPatterns {

    /** A kind of secret and how to recognise it. */
    public record Kind(String name, Pattern pattern) {
    }

    public static final List<Kind> KINDS = List.of(
            new Kind("private key",
                    Pattern.compile("-----BEGIN ((RSA|DSA|EC|OPENSSH|ENCRYPTED|PGP) )?PRIVATE KEY( BLOCK)?-----")),
            new Kind("AWS access key id", Pattern.compile("(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])")),
            new Kind("GitHub token", Pattern.compile("(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,255}")),
            new Kind("GitHub token", Pattern.compile("(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,255}")),
            new Kind("GitLab token", Pattern.compile("(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_-]{20,}")),
            new Kind("Slack token", Pattern.compile("(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}")),
            new Kind("Google API key", Pattern.compile("(?<![A-Za-z0-9])AIza[0-9A-Za-z_-]{35}")),
            new Kind("Stripe secret key", Pattern.compile("(?<![A-Za-z0-9])[sr]k_live_[0-9A-Za-z]{24,}")),
            new Kind("npm token", Pattern.compile("(?<![A-Za-z0-9])npm_[A-Za-z0-9]{36}")));

    private SecretPatterns() {
    }

    /** The first kind of secret found in {@code line}, or null. */
    public static Kind find(String line) {
        for (Kind kind : KINDS) {
            if (kind.pattern().matcher(line).find()) {
                return kind;
            }
        }
        return null;
    }

    /** {@code line} with every recognised secret replaced by {@value SecretValue#REDACTED}. */
    public static String redact(String line) {
        String result = line;
        for (Kind kind : KINDS) {
            Matcher matcher = kind.pattern().matcher(result);
            if (matcher.find()) {
                result = matcher.replaceAll(Matcher.quoteReplacement(SecretValue.REDACTED));
            }
        }
        return result;
    }
}
