package dev.slipway.gateway.webhook;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * Reads the push payloads of GitHub, GitLab and Gitea. The three differ in names (GitHub's and Gitea's
 * {@code repository.full_name}, GitLab's {@code project.path_with_namespace}) and agree on {@code ref},
 * {@code before} and {@code after}.
 */
public final class PushParser {

    private static final String BRANCH_PREFIX = "refs/heads/";
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
    private static final Pattern ZEROS = Pattern.compile("0+");

    /** The repository the payload is about, or null when it names none. */
    public static String repositoryName(Provider provider, JsonNode root) {
        JsonNode name = provider == Provider.GITLAB
                ? root.path("project").path("path_with_namespace")
                : root.path("repository").path("full_name");
        return name.isTextual() && !name.asText().isBlank() ? name.asText() : null;
    }

    /**
     * Reads a signature-verified delivery.
     *
     * @param eventType the provider's event header, or null
     * @throws InvalidPayloadException when the event type is missing, or a push lacks {@code ref}, {@code before} or
     *         {@code after}
     */
    public static ParsedDelivery parse(Provider provider, String eventType, JsonNode root)
            throws InvalidPayloadException {
        if (eventType == null || eventType.isBlank()) {
            throw new InvalidPayloadException("missing header " + provider.eventHeader());
        }
        String type = eventType.trim();
        boolean push = switch (provider) {
            case GITHUB, GITEA -> type.equals("push");
            case GITLAB -> type.equals("Push Hook");
        };
        if (!push) {
            if (provider != Provider.GITLAB && type.equals("ping")) {
                return new ParsedDelivery.Ping();
            }
            return new ParsedDelivery.Ignored("event type '" + type + "' does not start a run");
        }
        String ref = text(root, "ref");
        String before = text(root, "before");
        String after = text(root, "after");
        if (ref == null || before == null || after == null) {
            throw new InvalidPayloadException("a push needs ref, before and after");
        }
        if (!ref.startsWith(BRANCH_PREFIX)) {
            return new ParsedDelivery.Ignored("ref '" + ref + "' is not a branch");
        }
        String branch = ref.substring(BRANCH_PREFIX.length());
        if (ZEROS.matcher(after).matches() || root.path("deleted").asBoolean(false)) {
            return new ParsedDelivery.Ignored("branch '" + branch + "' was deleted");
        }
        if (!SHA.matcher(after).matches()) {
            throw new InvalidPayloadException("after is not a commit sha");
        }
        JsonNode head = headCommit(root, after);
        return new ParsedDelivery.Push(branch, before, after, author(provider, root, head), text(head, "message"),
                timestamp(head));
    }

    private static JsonNode headCommit(JsonNode root, String after) {
        JsonNode head = root.path("head_commit");
        if (head.isObject()) {
            return head;
        }
        JsonNode commits = root.path("commits");
        if (commits.isArray() && !commits.isEmpty()) {
            for (JsonNode commit : commits) {
                if (after.equals(commit.path("id").asText())) {
                    return commit;
                }
            }
            return commits.get(commits.size() - 1);
        }
        return MissingNode.getInstance();
    }

    private static String author(Provider provider, JsonNode root, JsonNode head) {
        String author = switch (provider) {
            case GITHUB -> first(text(root.path("pusher"), "name"), text(root.path("sender"), "login"));
            case GITEA -> first(text(root.path("pusher"), "login"), text(root.path("pusher"), "username"),
                    text(root.path("sender"), "login"));
            case GITLAB -> first(text(root, "user_username"), text(root, "user_name"));
        };
        return first(author, text(head.path("author"), "username"), text(head.path("author"), "name"));
    }

    private static Instant timestamp(JsonNode head) {
        String value = text(head, "timestamp");
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private PushParser() {
    }
}
