package dev.slipway.backup.policy;

/**
 * How long one database's backups are kept. A backup is kept when any rule keeps it:
 *
 * @param keepDays every backup started within this many days; {@code 0} keeps every backup, whatever the counts say
 * @param keepLast the newest this many backups
 * @param keepDaily the newest backup of each of the last this many days that have one (UTC)
 * @param keepWeekly the newest backup of each of the last this many ISO weeks that have one (UTC)
 */
public record RetentionRule(int keepDays, int keepLast, int keepDaily, int keepWeekly) {

    public RetentionRule {
        if (keepDays < 0 || keepLast < 0 || keepDaily < 0 || keepWeekly < 0) {
            throw new IllegalArgumentException("retention counts must not be negative: " + keepDays + " days, last "
                    + keepLast + ", daily " + keepDaily + ", weekly " + keepWeekly);
        }
    }

    /** Keeps by age alone. */
    public static RetentionRule days(int days) {
        return new RetentionRule(days, 0, 0, 0);
    }

    @Override
    public String toString() {
        return keepDays + " days, last " + keepLast + ", daily " + keepDaily + ", weekly " + keepWeekly;
    }
}
