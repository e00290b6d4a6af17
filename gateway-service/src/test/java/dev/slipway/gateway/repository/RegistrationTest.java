package dev.slipway.gateway.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.slipway.gateway.webhook.Provider;

class RegistrationTest {

    @Test
    void defaultsTheAppToTheRepositoryNameAndTheBranchesToTheDefaultBranch() throws Exception {
        Registration registration = Registration.check(new Registration.Request(null, "GitHub", "team/Hello_World",
                "https://github.test/team/hello.git", null, null, "secret"));

        assertThat(registration.app()).isEqualTo("hello-world");
        assertThat(registration.provider()).isEqualTo(Provider.GITHUB);
        assertThat(registration.defaultBranch()).isEqualTo("main");
        assertThat(registration.branches()).containsExactly("main");
    }

    @Test
    void keepsTheGivenBranchesWithoutRefsPrefix() throws Exception {
        Registration registration = Registration.check(new Registration.Request("hello", "gitea", "team/hello",
                "git@gitea.test:team/hello.git", "trunk", List.of("refs/heads/trunk", "release/1.x"), "secret"));

        assertThat(registration.branches()).containsExactly("trunk", "release/1.x");
    }

    @Test
    void reportsEveryMistakeAtOnce() {
        assertThatThrownBy(() -> Registration.check(new Registration.Request("Hello!", "bitbucket", "hello",
                "ftp://x/y", "main", List.of("bad branch"), " ")))
                .isInstanceOfSatisfying(Registration.InvalidRegistrationException.class,
                        e -> assertThat(e.errors()).containsExactly(
                                "provider: must be one of github, gitlab, gitea",
                                "fullName: must name the repository as owner/name",
                                "app: must be lower-case letters, digits and '-', at most 53 characters",
                                "cloneUrl: must be an http, https, ssh, git or file URL",
                                "branches: 'bad branch' is not a branch name",
                                "webhookSecret: is required"));
    }

    @Test
    void neverPrintsTheSecret() {
        Registration.Request request = new Registration.Request("hello", "github", "team/hello",
                "https://github.test/team/hello.git", null, null, "hunter2-secret");

        assertThat(request.toString()).doesNotContain("hunter2");
    }
}
