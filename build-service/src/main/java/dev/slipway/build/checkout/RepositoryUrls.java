package dev.slipway.build.checkout;

import java.net.URISyntaxException;

import org.eclipse.jgit.transport.URIish;

/** Repository URLs as they may be shown: in labels, events and log lines. */
public final class RepositoryUrls {

    private RepositoryUrls() {
    }

    /** {@code url} without a user name or password; a URL that does not parse is not shown at all. */
    public static String withoutCredentials(String url) {
        if (url == null) {
            return "";
        }
        try {
            return new URIish(url.strip()).setUser(null).setPass(null).toString();
        } catch (URISyntaxException e) {
            return "(unparseable URL)";
        }
    }
}
