package dev.slipway.deploy.analysis;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {{app}}}, {@code {{namespace}}} and {@code {{track}}} into a query or URL of the spec's analysis. An
 * unknown placeholder is an error rather than a silently empty label matcher.
 */
public final class QueryTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z]+)\\s*}}");

    private QueryTemplate() {
    }

    public static String render(String template, String app, String namespace, String track) {
        Map<String, String> values = Map.of("app", app, "namespace", namespace, "track", track);
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("unknown placeholder {{" + matcher.group(1)
                        + "}}: use {{app}}, {{namespace}} or {{track}}");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
