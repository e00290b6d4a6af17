package dev.slipway.gateway.repository;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.slipway.contracts.SecretValue;
import dev.slipway.gateway.webhook.Provider;

/**
 * A request to register a repository, checked. Every mistake is reported at once.
 *
 * @param app the application name; defaults to the repository's name
 * @param provider github, gitlab or gitea
 * @param fullName {@code team/hello}
 * @param cloneUrl where to fetch it from (http, https, ssh or git)
 * @param defaultBranch defaults to {@code main}
 * @param branches the branches that trigger runs; defaults to the default branch
 * @param webhookSecret the secret the provider signs with
 */
public record Registration(String app, Provider provider, String fullName, String cloneUrl, String defaultBranch,
        List<String> branches, SecretValue webhookSecret) {

    /** A DNS-1123 label short enough for a Helm release name with a suffix. */
    private static final Pattern APP = Pattern.compile("[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?");
    private static final Pattern FULL_NAME = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+");
    private static final Pattern BRANCH = Pattern.compile("[^\\s~^:?*\\[\\\\]+");
    private static final Set<String> CLONE_SCHEMES = Set.of("http", "https", "ssh", "git", "file");

    /** The raw request, as JSON gives it. */
    public record Request(String app, String provider, String fullName, String cloneUrl, String defaultBranch,
            List<String> branches, String webhookSecret) {

        @Override
        public String toString() {
            return "Request[app=" + app + ", provider=" + provider + ", fullName=" + fullName + ", webhookSecret="
                    + SecretValue.REDACTED + "]";
        }
    }

    /** A request that cannot be registered, with every reason. */
    public static final class InvalidRegistrationException extends Exception {

        private static final long serialVersionUID = 1L;
        private final List<String> errors;

        InvalidRegistrationException(List<String> errors) {
            super(String.join("; ", errors));
            this.errors = List.copyOf(errors);
        }

        public List<String> errors() {
            return errors;
        }
    }

    public static Registration check(Request request) throws InvalidRegistrationException {
        if (request == null) {
            throw new InvalidRegistrationException(List.of("a JSON body is required"));
        }
        List<String> errors = new ArrayList<>();
        Optional<Provider> provider = Provider.byId(request.provider());
        if (provider.isEmpty()) {
            errors.add("provider: must be one of github, gitlab, gitea");
        }
        String fullName = trim(request.fullName());
        if (fullName == null || !FULL_NAME.matcher(fullName).matches()) {
            errors.add("fullName: must name the repository as owner/name");
        }
        String app = trim(request.app());
        if (app == null && fullName != null && FULL_NAME.matcher(fullName).matches()) {
            app = fullName.substring(fullName.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT).replace('_', '-')
                    .replace('.', '-');
        }
        if (app == null || !APP.matcher(app).matches()) {
            errors.add("app: must be lower-case letters, digits and '-', at most 53 characters");
        }
        String cloneUrl = trim(request.cloneUrl());
        if (cloneUrl == null || !validCloneUrl(cloneUrl)) {
            errors.add("cloneUrl: must be an http, https, ssh, git or file URL");
        }
        String defaultBranch = Optional.ofNullable(trim(request.defaultBranch())).orElse("main");
        if (!BRANCH.matcher(defaultBranch).matches()) {
            errors.add("defaultBranch: not a branch name");
        }
        Set<String> branches = new LinkedHashSet<>();
        if (request.branches() == null || request.branches().isEmpty()) {
            branches.add(defaultBranch);
        } else {
            for (String branch : request.branches()) {
                String name = trim(branch);
                if (name == null || !BRANCH.matcher(name).matches()) {
                    errors.add("branches: '" + branch + "' is not a branch name");
                } else {
                    branches.add(name.startsWith("refs/heads/") ? name.substring("refs/heads/".length()) : name);
                }
            }
        }
        if (request.webhookSecret() == null || request.webhookSecret().isBlank()) {
            errors.add("webhookSecret: is required");
        }
        if (!errors.isEmpty()) {
            throw new InvalidRegistrationException(errors);
        }
        return new Registration(app, provider.get(), fullName, cloneUrl, defaultBranch, List.copyOf(branches),
                SecretValue.of(request.webhookSecret()));
    }

    private static boolean validCloneUrl(String url) {
        if (url.matches("[A-Za-z0-9_.-]+@[A-Za-z0-9_.-]+:.+")) {
            return true; // scp-like ssh: git@host:team/hello.git
        }
        try {
            URI uri = new URI(url);
            return uri.getScheme() != null && CLONE_SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))
                    && (uri.getHost() != null || "file".equalsIgnoreCase(uri.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String trim(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
