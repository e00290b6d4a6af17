package dev.slipway.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.contracts.Json;

class PushParserTest {

    @ParameterizedTest
    @EnumSource(Provider.class)
    void readsAPushOfEachProvider(Provider provider) throws Exception {
        JsonNode root = tree(Payloads.push(provider, "team/hello", "main", Payloads.AFTER));

        ParsedDelivery parsed = PushParser.parse(provider, Payloads.pushEvent(provider), root);

        assertThat(PushParser.repositoryName(provider, root)).isEqualTo("team/hello");
        assertThat(parsed).isEqualTo(new ParsedDelivery.Push("main", Payloads.BEFORE, Payloads.AFTER, "ada",
                "Make the greeting friendlier", Instant.parse("2026-11-23T10:15:30Z")));
    }

    @Test
    void answersAGithubPing() throws Exception {
        assertThat(PushParser.parse(Provider.GITHUB, "ping", tree(Map.of("zen", "Keep it logically awesome."))))
                .isInstanceOf(ParsedDelivery.Ping.class);
    }

    @Test
    void ignoresOtherEventTypesWithTheReason() throws Exception {
        ParsedDelivery parsed = PushParser.parse(Provider.GITHUB, "issues", tree(Map.of("action", "opened")));

        assertThat(parsed).isEqualTo(new ParsedDelivery.Ignored("event type 'issues' does not start a run"));
    }

    @ParameterizedTest
    @EnumSource(Provider.class)
    void ignoresABranchDeletion(Provider provider) throws Exception {
        JsonNode root = tree(Payloads.push(provider, "team/hello", "main", Payloads.ZEROS));

        assertThat(PushParser.parse(provider, Payloads.pushEvent(provider), root))
                .isEqualTo(new ParsedDelivery.Ignored("branch 'main' was deleted"));
    }

    @Test
    void ignoresATagPush() throws Exception {
        JsonNode root = tree(Payloads.push(Provider.GITEA, "team/hello", "refs/tags/v1.0.0", Payloads.BEFORE,
                Payloads.AFTER));

        assertThat(PushParser.parse(Provider.GITEA, "push", root))
                .isEqualTo(new ParsedDelivery.Ignored("ref 'refs/tags/v1.0.0' is not a branch"));
    }

    @Test
    void refusesAPushWithoutAfter() {
        Map<String, Object> payload = new HashMap<>(Payloads.push(Provider.GITHUB, "team/hello", "main",
                Payloads.AFTER));
        payload.remove("after");

        assertThatThrownBy(() -> PushParser.parse(Provider.GITHUB, "push", tree(payload)))
                .isInstanceOf(InvalidPayloadException.class).hasMessage("a push needs ref, before and after");
    }

    @Test
    void refusesAPushWhoseAfterIsNotASha() {
        JsonNode root = tree(Payloads.push(Provider.GITHUB, "team/hello", "main", "not-a-sha"));

        assertThatThrownBy(() -> PushParser.parse(Provider.GITHUB, "push", root))
                .isInstanceOf(InvalidPayloadException.class).hasMessage("after is not a commit sha");
    }

    @Test
    void refusesADeliveryWithoutEventHeader() {
        JsonNode root = tree(Payloads.push(Provider.GITLAB, "team/hello", "main", Payloads.AFTER));

        assertThatThrownBy(() -> PushParser.parse(Provider.GITLAB, null, root))
                .isInstanceOf(InvalidPayloadException.class).hasMessage("missing header X-Gitlab-Event");
    }

    @Test
    void readsGitlabHeadCommitByCheckoutSha() throws Exception {
        Map<String, Object> older = Map.of("id", Payloads.BEFORE, "message", "older");
        Map<String, Object> head = Map.of("id", Payloads.AFTER, "message", "head",
                "timestamp", "2026-11-23T10:00:00Z");
        Map<String, Object> payload = new HashMap<>(Payloads.push(Provider.GITLAB, "team/hello", "main",
                Payloads.AFTER));
        payload.put("commits", java.util.List.of(head, older));

        ParsedDelivery.Push push = (ParsedDelivery.Push) PushParser.parse(Provider.GITLAB, "Push Hook",
                tree(payload));

        assertThat(push.message()).isEqualTo("head");
    }

    private static JsonNode tree(Object payload) {
        try {
            return Json.MAPPER.readTree(Payloads.json(payload));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
