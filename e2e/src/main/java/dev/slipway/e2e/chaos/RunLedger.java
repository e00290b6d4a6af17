package dev.slipway.e2e.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.slipway.contracts.Topics;
import dev.slipway.e2e.follow.PipelineEvent;
import dev.slipway.e2e.services.Service;

/**
 * What the events on the topics say about the runs of the chaos suite: each run's outcome per environment, whether
 * it has finished, where it is, and every sign of work done twice. Built from a snapshot of the events; plain Java.
 */
public final class RunLedger {

    /** Outcomes of {@code deployed} that end a run in an environment. */
    private static final Set<String> OUTCOMES = Set.of("SUCCEEDED", "ROLLED_BACK", "REJECTED", "FAILED",
            "SUPERSEDED");

    private final Map<String, List<PipelineEvent>> byRun = new LinkedHashMap<>();
    private final Map<String, String> appOf = new LinkedHashMap<>();
    private final List<String> environments;

    /**
     * @param events every event read, oldest first
     * @param apps the applications whose runs are counted
     * @param knownRuns run ids the gateway answered pushes with, even if none of their events was read
     * @param environments the environments every application deploys to, in order
     */
    public RunLedger(List<PipelineEvent> events, Set<String> apps, Map<String, String> knownRuns,
            List<String> environments) {
        this.environments = List.copyOf(environments);
        knownRuns.forEach((run, app) -> {
            appOf.put(run, app);
            byRun.put(run, new ArrayList<>());
        });
        for (PipelineEvent event : events) {
            if (event.topic().equals(Topics.COMMIT_PUSHED) && apps.contains(event.text("app"))) {
                appOf.putIfAbsent(event.runId(), event.text("app"));
                byRun.computeIfAbsent(event.runId(), run -> new ArrayList<>());
            }
        }
        for (PipelineEvent event : events) {
            List<PipelineEvent> run = byRun.get(event.runId());
            if (run != null) {
                run.add(event);
            }
        }
    }

    /** Every run of the applications, in the order they were first seen. */
    public Set<String> runs() {
        return byRun.keySet();
    }

    public String app(String run) {
        return appOf.get(run);
    }

    public List<PipelineEvent> events(String run) {
        return byRun.getOrDefault(run, List.of());
    }

    private List<PipelineEvent> events(String run, String topic, String environment) {
        return events(run).stream().filter(e -> e.topic().equals(topic))
                .filter(e -> environment == null || environment.equals(e.environment())).toList();
    }

    /** Each environment's distinct outcomes, in the order they first appeared. */
    public Map<String, Set<String>> outcomes(String run) {
        Map<String, Set<String>> outcomes = new TreeMap<>();
        for (PipelineEvent deployed : events(run, Topics.DEPLOYED, null)) {
            if (OUTCOMES.contains(deployed.text("outcome"))) {
                outcomes.computeIfAbsent(deployed.environment(), env -> new LinkedHashSet<>())
                        .add(deployed.text("outcome"));
            }
        }
        return outcomes;
    }

    /** The run's {@code stage-failed} events. */
    public List<PipelineEvent> failures(String run) {
        return events(run, Topics.STAGE_FAILED, null);
    }

    /**
     * Whether the run has its outcome: every environment has one, an environment other than the last ended without
     * success (so the next never starts), or a stage failed.
     */
    public boolean finished(String run) {
        if (!failures(run).isEmpty()) {
            return true;
        }
        Map<String, Set<String>> outcomes = outcomes(run);
        for (String environment : environments) {
            Set<String> outcome = outcomes.get(environment);
            if (outcome == null) {
                return false;
            }
            if (!outcome.contains("SUCCEEDED")) {
                return true;
            }
        }
        return true;
    }

    /** When the run finished: its last terminal event. */
    public Optional<Instant> finishedAt(String run) {
        if (!finished(run)) {
            return Optional.empty();
        }
        return events(run).stream().filter(e -> e.topic().equals(Topics.STAGE_FAILED)
                || e.topic().equals(Topics.DEPLOYED)).map(PipelineEvent::time).max(Comparator.naturalOrder());
    }

    /** Runs without their outcome. */
    public List<String> unfinished() {
        return runs().stream().filter(run -> !finished(run)).toList();
    }

    /** Runs of which no event at all was read (accepted by the gateway, then lost). */
    public List<String> withoutEvents() {
        return runs().stream().filter(run -> events(run).isEmpty()).toList();
    }

    /**
     * Every sign of a release done twice or of two outcomes, one line each: an environment with two different
     * outcomes, a failed stage before deploy in a run that deployed anyway, a release applied twice (two
     * {@code APPLIED} of one run, environment, release and step), a canary promoted twice.
     */
    public List<String> duplicates() {
        List<String> found = new ArrayList<>();
        for (String run : runs()) {
            outcomes(run).forEach((environment, outcomes) -> {
                if (outcomes.size() > 1) {
                    List<String> reasons = events(run, Topics.DEPLOYED, environment).stream()
                            .filter(e -> e.text("reason") != null)
                            .map(e -> e.text("outcome") + ": " + e.text("reason")).distinct().toList();
                    found.add(run + " " + app(run) + "/" + environment + ": outcomes " + outcomes
                            + (reasons.isEmpty() ? "" : " " + reasons));
                }
            });
            boolean failedBeforeDeploy = failures(run).stream().anyMatch(f -> !"DEPLOY".equals(f.text("stage"))
                    && !"BACKUP".equals(f.text("stage")) && !"SECRETS".equals(f.text("stage")));
            if (failedBeforeDeploy && !events(run, Topics.DEPLOYED, null).isEmpty()) {
                found.add(run + " " + app(run) + ": a stage failed before deploy, yet it deployed");
            }
            counts(run, "APPLIED").forEach((key, count) -> {
                if (count > 1) {
                    found.add(run + " " + app(run) + ": APPLIED " + count + " times for " + key);
                }
            });
            counts(run, "PROMOTED").forEach((key, count) -> {
                if (count > 1) {
                    found.add(run + " " + app(run) + ": PROMOTED " + count + " times for " + key);
                }
            });
        }
        return found;
    }

    /** {@code deploy-progressed} of one phase, counted per environment, release and canary step. */
    Map<String, Long> counts(String run, String phase) {
        return events(run, Topics.DEPLOY_PROGRESSED, null).stream().filter(e -> phase.equals(e.text("phase")))
                .collect(Collectors.groupingBy(e -> e.environment() + " " + e.text("release") + " step "
                        + e.payload().path("canary").path("step").asInt(0), TreeMap::new, Collectors.counting()));
    }

    /** {@code deployed} events that repeat an outcome already read (re-emitted for a redelivered input). */
    public int repeatedOutcomes() {
        int repeats = 0;
        for (String run : runs()) {
            Map<String, Long> seen = events(run, Topics.DEPLOYED, null).stream()
                    .collect(Collectors.groupingBy(e -> e.environment() + "/" + e.text("outcome"),
                            Collectors.counting()));
            for (long count : seen.values()) {
                repeats += (int) (count - 1);
            }
        }
        return repeats;
    }

    /** The app's last {@code deployed} SUCCEEDED in the environment, of any run. */
    public static Optional<PipelineEvent> lastSucceeded(List<PipelineEvent> events, String app,
            String environment) {
        return events.stream().filter(e -> e.topic().equals(Topics.DEPLOYED))
                .filter(e -> app.equals(e.text("app")) && environment.equals(e.environment()))
                .filter(e -> "SUCCEEDED".equals(e.text("outcome")))
                .max(Comparator.comparing(PipelineEvent::time).thenComparing(e -> e.payload().path("revision")
                        .asInt()));
    }

    /**
     * When the run entered the part of the pipeline {@code service} works on, if it has and has not left it:
     * build from {@code commit-pushed} to {@code image-built}, chart from {@code image-built} to
     * {@code chart-published}, secrets from {@code chart-published} until every environment's Secret is synced, deploy
     * from {@code chart-published} to the outcome, backup from {@code backup-requested} to {@code backup-done}, and the
     * gateway (which records every event) from {@code commit-pushed} to the outcome.
     */
    public Optional<Instant> inFlightSince(Service service, String run) {
        if (finished(run)) {
            return Optional.empty();
        }
        return switch (service) {
            case GATEWAY -> first(run, Topics.COMMIT_PUSHED);
            case BUILD -> first(run, Topics.IMAGE_BUILT).isPresent()
                    ? Optional.empty()
                    : first(run, Topics.COMMIT_PUSHED);
            case CHART -> first(run, Topics.CHART_PUBLISHED).isPresent()
                    ? Optional.empty()
                    : first(run, Topics.IMAGE_BUILT);
            case DEPLOY -> first(run, Topics.CHART_PUBLISHED);
            case SECRETS -> events(run, Topics.SECRETS_SYNCED, null).stream().map(PipelineEvent::environment)
                    .distinct().count() >= environments.size()
                            ? Optional.empty()
                            : first(run, Topics.CHART_PUBLISHED);
            case BACKUP -> first(run, Topics.BACKUP_DONE).isPresent()
                    ? Optional.empty()
                    : first(run, Topics.BACKUP_REQUESTED);
        };
    }

    /** How long {@code service}'s part of finished runs took, median; empty before one finished. */
    public Optional<Duration> medianStageTime(Service service) {
        List<Duration> durations = new ArrayList<>();
        for (String run : runs()) {
            Optional<Instant> start = switch (service) {
                case GATEWAY, BUILD -> first(run, Topics.COMMIT_PUSHED);
                case CHART -> first(run, Topics.IMAGE_BUILT);
                case DEPLOY, SECRETS -> first(run, Topics.CHART_PUBLISHED);
                case BACKUP -> first(run, Topics.BACKUP_REQUESTED);
            };
            Optional<Instant> end = switch (service) {
                case GATEWAY, DEPLOY -> finishedAt(run);
                case BUILD -> first(run, Topics.IMAGE_BUILT);
                case CHART -> first(run, Topics.CHART_PUBLISHED);
                case SECRETS -> last(run, Topics.SECRETS_SYNCED);
                case BACKUP -> first(run, Topics.BACKUP_DONE);
            };
            if (start.isPresent() && end.isPresent() && !end.get().isBefore(start.get())) {
                durations.add(Duration.between(start.get(), end.get()));
            }
        }
        if (durations.isEmpty()) {
            return Optional.empty();
        }
        durations.sort(Comparator.naturalOrder());
        return Optional.of(durations.get(durations.size() / 2));
    }

    private Optional<Instant> first(String run, String topic) {
        return events(run).stream().filter(e -> e.topic().equals(topic)).map(PipelineEvent::time).findFirst();
    }

    private Optional<Instant> last(String run, String topic) {
        return events(run).stream().filter(e -> e.topic().equals(topic)).map(PipelineEvent::time)
                .max(Comparator.naturalOrder());
    }

    /** The run's first event matching, if read. */
    public Optional<PipelineEvent> first(String run, Predicate<PipelineEvent> predicate) {
        return events(run).stream().filter(predicate).findFirst();
    }
}
