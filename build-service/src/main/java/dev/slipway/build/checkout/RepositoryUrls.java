package dev.slipway.build.checkout;

import java.net.URISyntaxException;

import org.eclipse.jgit.transport.URIish;

/** Repository URLs: their one fetchable form, and how they may be shown (in labels, events and log lines). */
public final class RepositoryUrls {

    private RepositoryUrls() {
    }

    /**
     * {@code url} with an scp-like address ({@code git@host:owner/repo.git}) written as the {@code ssh://} URL it means
     * ({@code ssh://git@host/owner/repo.git}); any other URL is returned as it is, stripped of surrounding blanks.
     * <p>
     * The scp form's path is relative to the login's home on a plain ssh host, while forges (GitHub, GitLab, Gitea,
     * Bitbucket) read it from their root: the {@code ssh://} form names the forges' meaning. A path starting with
     * {@code ~} or {@code /} keeps its meaning ({@code host:~/x.git} → {@code ssh://host/~/x.git}).
     *
     * @throws URISyntaxException when {@code url} is not a repository URL at all
     */
    public static String normalise(String url) throws URISyntaxException {
        String text = url.strip();
        URIish parsed = new URIish(text);
        if (!isScpLike(text, parsed)) {
            return text;
        }
        String path = parsed.getPath();
        URIish ssh = new URIish().setScheme("ssh").setUser(parsed.getUser()).setPass(parsed.getPass())
                .setHost(parsed.getHost()).setPath(path.startsWith("/") ? path : "/" + path);
        return ssh.toPrivateString();
    }

    /** An address with a host and no scheme: {@code [user@]host:path}, and not a local path or a Windows drive. */
    private static boolean isScpLike(String text, URIish parsed) {
        return parsed.getScheme() == null && parsed.getHost() != null && !parsed.getHost().isEmpty()
                && !text.contains("://") && parsed.getPath() != null && !parsed.getPath().isEmpty();
    }

    /** {@code url} without a user name or password; a URL that does not parse is not shown at all. */
    public static String withoutCredentials(String url) {
        if (url == null) {
            return "";
        }
        try {
            return new URIish(normalise(url)).setUser(null).setPass(null).toString();
        } catch (URISyntaxException e) {
            return "(unparseable URL)";
        }
    }
}
