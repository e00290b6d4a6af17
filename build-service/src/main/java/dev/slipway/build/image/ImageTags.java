package dev.slipway.build.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.slipway.contracts.events.CommitRef;

/** The tags an image of a commit gets: the full sha (its identity), the short sha and the branch. */
public final class ImageTags {

    static final int MAX_TAG = 128;
    private static final Pattern NOT_TAG_CHAR = Pattern.compile("[^A-Za-z0-9_.-]");
    private static final Pattern LOOKS_LIKE_SHA = Pattern.compile("[0-9a-f]{7,64}");

    private ImageTags() {
    }

    /** Full sha first: the tag whose presence means the commit is built. */
    public static List<String> of(CommitRef commit) {
        List<String> tags = new ArrayList<>();
        tags.add(commit.sha());
        tags.add(commit.shortSha());
        String branch = branchTag(commit.branch());
        if (branch != null && !tags.contains(branch)) {
            tags.add(branch);
        }
        return List.copyOf(tags);
    }

    /**
     * A branch name as a valid tag ({@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}}): {@code feature/login} becomes
     * {@code feature-login}. A branch named like a sha gets a {@code branch-} prefix so it can never move a commit's
     * tag. Null when nothing usable is left.
     */
    public static String branchTag(String branch) {
        if (branch == null) {
            return null;
        }
        String name = branch.startsWith("refs/heads/") ? branch.substring("refs/heads/".length()) : branch;
        String tag = NOT_TAG_CHAR.matcher(name).replaceAll("-");
        tag = tag.replaceAll("^[.-]+", "");
        if (tag.isEmpty()) {
            return null;
        }
        if (LOOKS_LIKE_SHA.matcher(tag.toLowerCase(Locale.ROOT)).matches()) {
            tag = "branch-" + tag;
        }
        return tag.length() > MAX_TAG ? tag.substring(0, MAX_TAG) : tag;
    }
}
