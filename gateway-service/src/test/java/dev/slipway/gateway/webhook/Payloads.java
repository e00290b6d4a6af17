package dev.slipway.gateway.webhook;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.slipway.contracts.Json;

/** Push payloads as GitHub, GitLab and Gitea send them, trimmed to the fields providers always include. */
public final class Payloads {

    public static final String BEFORE = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";
    public static final String AFTER = "b8c7e9a3f0d24c5e8a1b2c3d4e5f60718293a4b5";
    public static final String ZEROS = "0000000000000000000000000000000000000000";

    public static Map<String, Object> push(Provider provider, String fullName, String branch, String after) {
        return push(provider, fullName, "refs/heads/" + branch, BEFORE, after);
    }

    public static Map<String, Object> push(Provider provider, String fullName, String ref, String before,
            String after) {
        Map<String, Object> commit = Map.of("id", after, "message", "Make the greeting friendlier",
                "timestamp", "2026-11-23T11:15:30+01:00",
                "author", Map.of("name", "Ada Lovelace", "email", "ada@example.test", "username", "ada"));
        return switch (provider) {
            case GITHUB -> Map.of("ref", ref, "before", before, "after", after, "deleted", ZEROS.equals(after),
                    "repository", Map.of("full_name", fullName, "clone_url", "https://github.test/" + fullName + ".git",
                            "default_branch", "main"),
                    "pusher", Map.of("name", "ada", "email", "ada@example.test"),
                    "head_commit", commit, "commits", List.of(commit));
            case GITEA -> Map.of("ref", ref, "before", before, "after", after,
                    "repository", Map.of("full_name", fullName, "clone_url", "https://gitea.test/" + fullName + ".git"),
                    "pusher", Map.of("login", "ada", "username", "ada"),
                    "commits", List.of(commit), "head_commit", commit);
            case GITLAB -> Map.of("object_kind", "push", "event_name", "push", "ref", ref, "before", before,
                    "after", after, "checkout_sha", after, "user_username", "ada", "user_name", "Ada Lovelace",
                    "project", Map.of("path_with_namespace", fullName,
                            "git_http_url", "https://gitlab.test/" + fullName + ".git"),
                    "commits", List.of(commit));
        };
    }

    public static byte[] json(Object payload) {
        try {
            return Json.MAPPER.writeValueAsString(payload).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The event header value of a push for {@code provider}. */
    public static String pushEvent(Provider provider) {
        return provider == Provider.GITLAB ? "Push Hook" : "push";
    }

    /** The signature header value for {@code body}. */
    public static String sign(Provider provider, String secret, byte[] body) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        return switch (provider) {
            case GITHUB -> Signatures.githubSignature(key, body);
            case GITEA -> Signatures.hexHmac(key, body);
            case GITLAB -> secret;
        };
    }

    private Payloads() {
    }
}
