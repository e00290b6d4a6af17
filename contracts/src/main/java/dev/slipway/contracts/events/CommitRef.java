package dev.slipway.contracts.events;

/**
 * A commit of an application's repository.
 *
 * @param provider github, gitlab or gitea
 * @param repository the repository's full name ({@code team/hello})
 * @param cloneUrl the URL build-service fetches from
 * @param branch the pushed branch
 * @param sha the full commit sha
 */
public record CommitRef(String provider, String repository, String cloneUrl, String branch, String sha) {

    /** The first 12 characters of the sha, as image tags and chart versions use it. */
    public String shortSha() {
        return sha.length() <= 12 ? sha : sha.substring(0, 12);
    }
}
