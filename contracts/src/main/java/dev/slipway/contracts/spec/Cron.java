package dev.slipway.contracts.spec;

/** Checks a five-field cron expression (minute hour day-of-month month day-of-week). */
final class Cron {

    private static final String[] NAMES = {"minute", "hour", "day of month", "month", "day of week"};
    private static final int[] MIN = {0, 0, 1, 1, 0};
    private static final int[] MAX = {59, 23, 31, 12, 7};

    /** What is wrong with {@code expression}, or null when it is a valid five-field cron expression. */
    static String problem(String expression) {
        String[] fields = expression.strip().split("\\s+");
        if (fields.length != 5) {
            return "must be a cron expression with five fields (minute hour day-of-month month day-of-week), such as '0 3 * * *'";
        }
        for (int i = 0; i < 5; i++) {
            for (String part : fields[i].split(",", -1)) {
                if (!validPart(part, MIN[i], MAX[i])) {
                    return "the " + NAMES[i] + " field '" + fields[i] + "' must use numbers " + MIN[i] + "-" + MAX[i]
                            + ", '*', ranges, lists and steps";
                }
            }
        }
        return null;
    }

    private static boolean validPart(String part, int min, int max) {
        String range = part;
        int slash = part.indexOf('/');
        if (slash >= 0) {
            range = part.substring(0, slash);
            if (!inRange(part.substring(slash + 1), 1, max)) {
                return false;
            }
        }
        if (range.equals("*")) {
            return true;
        }
        int dash = range.indexOf('-');
        if (dash < 0) {
            return inRange(range, min, max);
        }
        String low = range.substring(0, dash);
        String high = range.substring(dash + 1);
        return inRange(low, min, max) && inRange(high, min, max) && Integer.parseInt(low) <= Integer.parseInt(high);
    }

    private static boolean inRange(String number, int min, int max) {
        if (number.isEmpty() || number.length() > 3 || !number.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int n = Integer.parseInt(number);
        return n >= min && n <= max;
    }

    private Cron() {
    }
}
