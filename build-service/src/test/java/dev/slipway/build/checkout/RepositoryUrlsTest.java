package dev.slipway.build.checkout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;

import org.junit.jupiter.api.Test;

class RepositoryUrlsTest {

    @Test
    void writesAnScpLikeAddressAsTheSshUrlItMeans() throws Exception {
        assertThat(RepositoryUrls.normalise("git@github.com:team/hello.git"))
                .isEqualTo("ssh://git@github.com/team/hello.git");
        assertThat(RepositoryUrls.normalise("  git@gitea.example.test:team/hello  "))
                .isEqualTo("ssh://git@gitea.example.test/team/hello");
        assertThat(RepositoryUrls.normalise("gitea.example.test:team/hello.git"))
                .isEqualTo("ssh://gitea.example.test/team/hello.git");
    }

    @Test
    void keepsHomeRelativeAndAbsoluteScpPaths() throws Exception {
        assertThat(RepositoryUrls.normalise("git@host.example.test:~/repos/x.git"))
                .isEqualTo("ssh://git@host.example.test/~/repos/x.git");
        assertThat(RepositoryUrls.normalise("git@host.example.test:/srv/git/x.git"))
                .isEqualTo("ssh://git@host.example.test/srv/git/x.git");
    }

    @Test
    void leavesUrlsWithASchemeAndLocalPathsAsTheyAre() throws Exception {
        assertThat(RepositoryUrls.normalise("ssh://git@host.example.test:2222/team/x.git"))
                .isEqualTo("ssh://git@host.example.test:2222/team/x.git");
        assertThat(RepositoryUrls.normalise("https://git.example.test/team/x.git"))
                .isEqualTo("https://git.example.test/team/x.git");
        assertThat(RepositoryUrls.normalise("file:///srv/git/x.git")).isEqualTo("file:///srv/git/x.git");
        assertThat(RepositoryUrls.normalise("/srv/git/x.git")).isEqualTo("/srv/git/x.git");
    }

    @Test
    void rejectsWhatIsNoUrl() {
        assertThatThrownBy(() -> RepositoryUrls.normalise("")).isInstanceOf(URISyntaxException.class);
    }

    @Test
    void showsAnScpLikeAddressAsAnSshUrlWithoutItsUser() {
        assertThat(RepositoryUrls.withoutCredentials("git@github.com:team/hello.git"))
                .isEqualTo("ssh://github.com/team/hello.git");
        assertThat(RepositoryUrls.withoutCredentials("ssh://git:pw-secret@host.example.test:2222/x.git"))
                .isEqualTo("ssh://host.example.test:2222/x.git");
    }
}
