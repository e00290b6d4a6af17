package dev.slipway.backup.policy;

import java.time.ZonedDateTime;
import java.util.Optional;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

/** A five-field (Unix) cron expression, as {@code slipway.yaml} writes schedules, evaluated in a given zone. */
public final class CronSchedule {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String expression;
    private final ExecutionTime execution;

    private CronSchedule(String expression, ExecutionTime execution) {
        this.expression = expression;
        this.execution = execution;
    }

    /**
     * @throws IllegalArgumentException when {@code expression} is not a five-field cron expression
     */
    public static CronSchedule parse(String expression) {
        try {
            return new CronSchedule(expression, ExecutionTime.forCron(PARSER.parse(expression.strip())));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a five-field cron expression: '" + expression + "'", e);
        }
    }

    /** The latest time at or before {@code now} the schedule fired. */
    public Optional<ZonedDateTime> lastFire(ZonedDateTime now) {
        // cron-utils' lastExecution is strictly before its argument; a fire exactly at now counts.
        Optional<ZonedDateTime> last = execution.lastExecution(now.plusSeconds(1));
        return last.filter(t -> !t.isAfter(now));
    }

    public Optional<ZonedDateTime> nextFire(ZonedDateTime now) {
        return execution.nextExecution(now);
    }

    @Override
    public String toString() {
        return expression;
    }
}
