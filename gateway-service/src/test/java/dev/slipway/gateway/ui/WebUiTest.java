package dev.slipway.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.ApprovalGiven;
import dev.slipway.contracts.events.DeployProgressed.Action;
import dev.slipway.contracts.events.DeployProgressed.AnalysisResult;
import dev.slipway.contracts.events.DeployProgressed.CanaryProgress;
import dev.slipway.contracts.events.DeployProgressed.Phase;
import dev.slipway.contracts.events.DeployProgressed.PlannedChange;
import dev.slipway.contracts.events.Deployed;
import dev.slipway.contracts.fixtures.SampleEvents;
import dev.slipway.gateway.support.Gateway;
import dev.slipway.testkit.kafka.CloudEventsClient;
import dev.slipway.testkit.kafka.KafkaTestResource;
import dev.slipway.testkit.kafka.OutgoingEvent;
import dev.slipway.testkit.kafka.ReceivedEvent;
import dev.slipway.testkit.postgres.PostgresTestResource;

/**
 * The web UI in real headless Chromium against the running gateway, with every run's events put on the real broker as
 * the other services would. Screenshots of each page go to {@code target/ui-screenshots}.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.OUTGOING, value = Gateway.OUTGOING),
        @ResourceArg(name = KafkaTestResource.TOPICS, value = Gateway.TOPICS)})
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = PostgresTestResource.DATABASE, value = "gateway"))
class WebUiTest {

    private static final Duration WAIT = Browser.WAIT;

    private static Browser browser;

    private final CloudEventsClient kafka = Gateway.kafka();

    @BeforeAll
    static void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void refusesAnUnknownTokenAtSignIn() {
        browser.open("#/runs");
        if (browser.driver.findElement(By.id("who")).isDisplayed()) {
            browser.driver.findElement(By.id("sign-out")).click();
        }
        WebElement token = browser.until(() -> browser.driver.findElement(By.id("token")));
        assertThat(browser.driver.findElement(By.cssSelector("label[for=token]")).getText()).isEqualTo("API token");
        token.sendKeys("not-a-token", Keys.ENTER);

        browser.untilText(By.id("sign-in-error"), "That token is not known.");
        assertThat(browser.driver.findElement(By.id("who")).isDisplayed()).isFalse();
        assertThat(browser.script("return sessionStorage.getItem('slipway.token')")).isNull();
        browser.screenshot("sign-in");
    }

    @Test
    void followsARunFromTheListToDeployedAsItsEventsArrive() {
        RunFeed run = new RunFeed(kafka, "web");
        browser.signIn(Gateway.SRE, "test-sre");
        browser.open("#/runs?app=" + run.app);
        browser.untilText(By.id("runs-summary"), "No runs match");

        // Given a push, the run shows up in the open list without a reload.
        run.send(run.pushed());
        WebElement row = browser.until(() -> browser.driver.findElement(runRow(run.runId)));
        assertThat(row.getText()).contains(run.app, "main", SampleEvents.SHA.substring(0, 7), "running");
        browser.open("#/runs");
        browser.until(() -> browser.driver.findElement(runRow(run.runId)));
        browser.screenshot("runs-list");

        browser.driver.findElement(By.cssSelector("a[href='#/runs/" + run.runId + "']")).click();
        awaitStage("BUILD", null, "RUNNING");

        // The plan of staging, then its release.
        run.send(run.built());
        run.send(run.chart());
        run.send(run.progressed("staging", Phase.PLANNED, "1 to create, 1 to change, 1 to prune", List.of(
                new PlannedChange("Deployment", "hello-staging", run.app, Action.CHANGE,
                        List.of("spec.template.spec.containers[0].image")),
                new PlannedChange("ConfigMap", "hello-staging", run.app + "-config", Action.CREATE, List.of()),
                new PlannedChange("Ingress", "hello-staging", run.app + "-old", Action.PRUNE, List.of()),
                new PlannedChange("Service", "hello-staging", run.app, Action.UNCHANGED, List.of())), null));
        WebElement plan = browser.untilText(By.cssSelector("section.env[data-environment=staging] table.plan"),
                "1 to create, 1 to change, 1 to prune, 1 unchanged");
        assertThat(plan.findElements(By.cssSelector("tbody tr"))).extracting(e -> e.getAttribute("data-action"))
                .containsExactly("CHANGE", "CREATE", "PRUNE");
        assertThat(plan.getText()).contains("spec.template.spec.containers[0].image",
                "hello-staging/" + run.app + "-config");
        run.send(run.progressed("staging", Phase.APPLIED, "applied 3 objects", List.of(), null));
        run.send(run.deployed("staging", Deployed.Outcome.SUCCEEDED, null, "1 created, 1 changed, 1 pruned"));
        awaitStage("DEPLOY", "staging", "SUCCEEDED");

        // Production waits for an SRE, who approves it here.
        run.send(run.progressed("production", Phase.AWAITING_APPROVAL, "production needs an approval", List.of(),
                null));
        WebElement approve = browser.until(() -> stage("DEPLOY", "production")
                .findElement(By.cssSelector("button[data-action=approve]")));
        approve.click();
        WebElement reason = browser.until(() -> browser.driver.findElement(By.cssSelector("dialog[open] textarea")));
        reason.sendKeys("change window open");
        browser.driver.findElement(By.cssSelector("dialog[open] button[data-confirm]")).click();
        ReceivedEvent approval = kafka.await(Topics.APPROVAL_GIVEN, e -> run.runId.equals(e.runId()),
                "the approval", WAIT);
        ApprovalGiven given = approval.payload(ApprovalGiven.class);
        assertThat(given.decision()).isEqualTo(ApprovalGiven.Decision.APPROVED);
        assertThat(given.environment()).isEqualTo("production");
        assertThat(given.by()).isEqualTo("test-sre");
        assertThat(given.reason()).isEqualTo("change window open");
        browser.untilText(By.cssSelector(".notice"), "production approved");

        // The canary, step by step, with each analysis value against its threshold.
        run.send(run.progressed("production", Phase.CANARY_STEP, "step 1 of 3 at 10%", List.of(),
                new CanaryProgress(1, 3, 10, 0, List.of())), approval.id());
        browser.until(() -> browser.driver.findElement(By.cssSelector(
                "section.env[data-environment=production] .canary[data-weight='10']")));
        run.send(run.progressed("production", Phase.ANALYSIS, "step 2 of 3 at 25%: analysis passed", List.of(),
                new CanaryProgress(2, 3, 25, 0, List.of(
                        new AnalysisResult("error-rate", 0.01, "<= 0.05", true, null),
                        new AnalysisResult("kubernetes", null, "ready, no restarts", true, null)))));
        WebElement canary = browser.until(() -> browser.driver.findElement(By.cssSelector(
                "section.env[data-environment=production] .canary[data-weight='25']")));
        assertThat(canary.getText()).contains("Step 2 of 3: 25% of traffic");
        assertThat(canary.findElements(By.cssSelector("table.analysis tbody tr"))).extracting(WebElement::getText)
                .containsExactly("error-rate 0.01 <= 0.05 passed", "kubernetes — ready, no restarts passed");
        assertThat(canary.findElement(By.cssSelector("progress")).getAttribute("value")).isEqualTo("25");
        browser.screenshot("run-canary");

        run.send(run.deployed("production", Deployed.Outcome.SUCCEEDED, null, "0 created, 2 changed, 0 pruned"));
        awaitStage("DEPLOY", "production", "SUCCEEDED");
        browser.untilText(By.cssSelector(".facts"), "succeeded");
        browser.screenshot("run-deployed");

        // The list filters by status.
        browser.open("#/runs?app=" + run.app);
        browser.until(() -> browser.driver.findElement(runRow(run.runId)));
        new Select(browser.driver.findElement(By.id("filter-status"))).selectByValue("SUCCEEDED");
        browser.driver.findElement(By.cssSelector("form.filters button[type=submit]")).click();
        browser.untilText(By.id("runs-summary"), "1 run matching");
        assertThat(browser.driver.findElement(runRow(run.runId)).getText()).contains("succeeded");
        new Select(browser.driver.findElement(By.id("filter-status"))).selectByValue("FAILED");
        browser.driver.findElement(By.cssSelector("form.filters button[type=submit]")).click();
        browser.untilText(By.id("runs-summary"), "No runs match");
        assertThat(browser.all(runRow(run.runId))).isEmpty();
    }

    @Test
    void showsOlderRunsAPageAtATime() {
        String app = "paged-" + UUID.randomUUID().toString().substring(0, 8);
        OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).minusHours(2);
        String oldest = null;
        for (int i = 0; i < 53; i++) {
            RunFeed run = new RunFeed(kafka, app, start.plusMinutes(i));
            run.send(run.pushed());
            oldest = oldest == null ? run.runId : oldest;
        }
        String first = oldest;
        await().atMost(WAIT).untilAsserted(() -> Gateway.as(Gateway.VIEWER).queryParam("app", app)
                .queryParam("limit", 100).get("/api/runs").then().body("size()", org.hamcrest.Matchers.is(53)));
        browser.signIn(Gateway.VIEWER, "test-viewer");
        browser.open("#/runs?app=" + app);

        browser.untilText(By.id("runs-summary"), "50 runs matching");
        assertThat(browser.all(runRow(first))).isEmpty();
        WebElement more = browser.driver.findElement(By.xpath("//button[normalize-space()='Show older runs']"));
        more.click();

        browser.untilText(By.id("runs-summary"), "53 runs matching");
        assertThat(browser.all(By.cssSelector("table.runs tbody tr")).get(52).getText())
                .contains(first.substring(0, 8));
        assertThat(browser.focused().getText()).as("focus moves to the first run added")
                .isEqualTo(browser.all(By.cssSelector("table.runs tbody tr a")).get(50).getText());
        assertThat(more.isDisplayed()).as("no older runs are left").isFalse();
    }

    @Test
    void replaysAFailedStageAndSeesItComplete() {
        browser.signIn(Gateway.SRE, "test-sre");
        RunFeed run = new RunFeed(kafka, "replay");
        run.send(run.pushed());
        OutgoingEvent built = run.send(run.built());
        run.send(run.chartFailed(built.id()));
        browser.open("#/runs/" + run.runId);

        awaitStage("CHART", null, "FAILED");
        WebElement chart = stage("CHART", null);
        assertThat(chart.getText()).contains("unavailable", "(retriable), 5 attempts", "registry did not answer",
                "Last 2 lines of output", "dial tcp 127.0.0.1:5000: connection refused");
        browser.screenshot("run-failed");

        chart.findElement(By.cssSelector("button[data-action=replay]")).click();
        WebElement reason = browser.until(() -> browser.driver.findElement(By.cssSelector("dialog[open] textarea")));
        reason.sendKeys("registry is back");
        browser.screenshot("replay-dialog");
        browser.driver.findElement(By.cssSelector("dialog[open] button[data-confirm]")).click();

        browser.untilText(By.cssSelector(".notice"), "Replay of chart recorded as event");
        WebElement replays = browser.untilText(By.cssSelector("table.replays"), "registry is back");
        assertThat(replays.getText()).contains("test-sre", "chart");
        ReceivedEvent replayed = kafka.await(Topics.IMAGE_BUILT,
                e -> run.runId.equals(e.runId()) && built.id().equals(e.replayOf()), "the replayed input", WAIT);
        awaitStage("CHART", null, "RUNNING");

        // chart-service answers the replayed input this time.
        run.send(run.chart(), replayed.id());
        awaitStage("CHART", null, "SUCCEEDED");
        assertThat(browser.untilText(By.cssSelector("ul.failures"), "registry did not answer").getText())
                .as("the first failure stays in the history").contains("unavailable");
        assertThat(browser.all(By.cssSelector("button[data-action=replay]"))).isEmpty();
        browser.screenshot("run-replayed");
    }

    @Test
    void keyboardAloneReachesAndOperatesTheReplay() {
        browser.signIn(Gateway.SRE, "test-sre");
        RunFeed run = failedRun("keys");
        browser.open("#/runs?app=" + run.app);
        browser.until(() -> browser.driver.findElement(runRow(run.runId)));

        press(Keys.TAB);
        assertThat(browser.focused().getText()).isEqualTo("Skip to content");
        WebElement link = tabUntil(e -> ("#/runs/" + run.runId).equals(e.getDomAttribute("href")));
        assertThat(outline(link)).isNotEqualTo("none");
        press(Keys.ENTER);

        awaitStage("CHART", null, "FAILED");
        browser.until(() -> "H1".equals(browser.focused().getTagName().toUpperCase()) ? true : null);
        WebElement replay = tabUntil(e -> "replay".equals(e.getDomAttribute("data-action")));
        assertThat(replay.getDomAttribute("aria-label")).isEqualTo("Replay chart stage");
        assertThat(outline(replay)).as("focus is visible").isNotEqualTo("none");

        // Escape closes the dialog and gives focus back to the button.
        press(Keys.ENTER);
        browser.until(() -> "textarea".equals(browser.focused().getTagName()) ? true : null);
        press(Keys.ESCAPE);
        await().atMost(WAIT).until(() -> browser.all(By.cssSelector("dialog[open]")).isEmpty());
        assertThat(browser.focused().getDomAttribute("data-action")).isEqualTo("replay");

        press(Keys.ENTER);
        browser.until(() -> "textarea".equals(browser.focused().getTagName()) ? true : null);
        new Actions(browser.driver).sendKeys("replayed from the keyboard").perform();
        press(Keys.TAB);
        assertThat(browser.focused().getText()).isEqualTo("Cancel");
        press(Keys.TAB);
        assertThat(browser.focused().getText()).isEqualTo("Replay");
        press(Keys.ENTER);

        browser.untilText(By.cssSelector(".notice"), "Replay of chart recorded");
        browser.untilText(By.cssSelector("table.replays"), "replayed from the keyboard");
    }

    @Test
    void aViewerSeesEverythingButNoActionButtons() throws Exception {
        RunFeed failed = failedRun("viewer");
        RunFeed waiting = new RunFeed(kafka, "viewer-gate");
        waiting.send(waiting.pushed());
        waiting.send(waiting.built());
        waiting.send(waiting.chart());
        waiting.send(waiting.progressed("production", Phase.AWAITING_APPROVAL, "production needs an approval",
                List.of(), null));
        deadLetter(UUID.randomUUID().toString(), failed.runId);
        browser.signIn(Gateway.VIEWER, "test-viewer");
        assertThat(browser.driver.findElement(By.id("caller")).getText()).isEqualTo("test-viewer (viewer)");

        browser.open("#/runs/" + failed.runId);
        awaitStage("CHART", null, "FAILED");
        browser.untilText(By.cssSelector("li.stage[data-stage=CHART] pre"), "connection refused");
        assertThat(actionButtons()).isEmpty();
        browser.screenshot("viewer-run-failed");

        browser.open("#/runs/" + waiting.runId);
        awaitStage("DEPLOY", "production", "AWAITING_APPROVAL");
        assertThat(actionButtons()).isEmpty();

        browser.open("#/dlq");
        browser.untilText(By.id("dlq-summary"), "newest first");
        assertThat(actionButtons()).isEmpty();
        assertThat(browser.all(By.xpath("//th[normalize-space()='Actions']"))).isEmpty();

        browser.open("#/subscriptions");
        browser.until(() -> browser.driver.findElement(By.id("subs-summary")).getText().startsWith("Loading")
                ? null
                : true);
        assertThat(actionButtons()).isEmpty();
        assertThat(browser.all(By.cssSelector("form.add"))).isEmpty();
    }

    @Test
    void putsADeadLetterBackFromTheDeadLetterPage() throws Exception {
        browser.signIn(Gateway.SRE, "test-sre");
        String originalId = UUID.randomUUID().toString();
        String runId = UUID.randomUUID().toString();
        RecordMetadata written = deadLetter(originalId, runId);
        String where = written.topic() + "/" + written.partition() + "/" + written.offset();

        browser.open("#/dlq");
        WebElement row = browser.until(() -> browser.driver.findElement(
                By.cssSelector("tr[data-record='" + where + "']")));
        assertThat(row.getText()).contains("cluster did not answer", Topics.CHART_PUBLISHED);
        browser.screenshot("dlq");
        row.findElement(By.cssSelector("button[data-action=replay]")).click();
        browser.until(() -> browser.driver.findElement(By.cssSelector("dialog[open] textarea")))
                .sendKeys("cluster is back");
        browser.driver.findElement(By.cssSelector("dialog[open] button[data-confirm]")).click();

        browser.untilText(By.cssSelector(".notice"), where + " put back on chart-published as event");
        ReceivedEvent replayed = kafka.await(Topics.CHART_PUBLISHED, e -> originalId.equals(e.replayOf()),
                "the record put back", WAIT);
        assertThat(replayed.runId()).isEqualTo(runId);
    }

    @Test
    void addsASubscriptionAndShowsItsDeliveryLog() throws IOException {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer subscriber = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        subscriber.createContext("/hooks", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        subscriber.start();
        try {
            RunFeed run = new RunFeed(kafka, "subscribed");
            String name = "team " + run.app;
            browser.signIn(Gateway.SRE, "test-sre");
            browser.open("#/subscriptions");
            browser.until(() -> browser.driver.findElement(By.id("sub-name"))).sendKeys(name);
            browser.driver.findElement(By.id("sub-url")).sendKeys(
                    "http://127.0.0.1:" + subscriber.getAddress().getPort() + "/hooks");
            browser.driver.findElement(By.id("sub-secret")).sendKeys("s3cret-for-hmac");
            browser.driver.findElement(By.id("sub-apps")).sendKeys(run.app);
            browser.driver.findElement(By.cssSelector("input[name=eventTypes][value=commit-pushed]")).click();
            browser.screenshot("subscription-form");
            browser.driver.findElement(By.cssSelector("form.add button[type=submit]")).click();

            browser.untilText(By.cssSelector(".notice"), name + " added.");
            WebElement row = browser.untilText(By.cssSelector("table.subscriptions tbody tr"), name);
            assertThat(row.getText()).contains("apps " + run.app, "commit.pushed", "test-sre")
                    .doesNotContain("s3cret-for-hmac");
            browser.screenshot("subscriptions");
            row.findElement(By.linkText("Delivery log")).click();
            browser.untilText(By.tagName("h1"), "Delivery log of " + name);

            run.send(run.pushed());
            WebElement delivery = browser.untilText(By.cssSelector("table.deliveries tbody tr"), "delivered");
            assertThat(delivery.getText()).contains("commit.pushed", "HTTP 204");
            assertThat(received).singleElement().asString().contains(run.app);
            browser.screenshot("delivery-log");
        } finally {
            subscriber.stop(0);
        }
    }

    @Test
    void refusesABadSubscriptionWithEveryProblemListed() {
        browser.signIn(Gateway.SRE, "test-sre");
        browser.open("#/subscriptions");
        browser.until(() -> browser.driver.findElement(By.id("sub-name"))).sendKeys("bad one");
        // Bypass the browser's own checks to see the gateway's answer.
        browser.script("document.querySelector('form.add').noValidate = true");
        browser.driver.findElement(By.id("sub-url")).sendKeys("ftp://example.test/x");
        browser.driver.findElement(By.cssSelector("form.add button[type=submit]")).click();

        WebElement problems = browser.untilText(By.cssSelector(".problems"), "invalid subscription");
        assertThat(problems.getText()).contains("url: must be an absolute http or https URL", "secret: is required");
        assertThat(browser.focused().getDomAttribute("class")).isEqualTo("problems");
    }

    private RunFeed failedRun(String prefix) {
        RunFeed run = new RunFeed(kafka, prefix);
        run.send(run.pushed());
        OutgoingEvent built = run.send(run.built());
        run.send(run.chartFailed(built.id()));
        await().atMost(WAIT).untilAsserted(() -> Gateway.as(Gateway.VIEWER).get("/api/runs/" + run.runId).then()
                .statusCode(200).body("run.status", org.hamcrest.Matchers.is("FAILED")));
        return run;
    }

    private static By runRow(String runId) {
        return By.xpath("//table[contains(@class,'runs')]//tr[.//a[@href='#/runs/" + runId + "']]");
    }

    private static WebElement stage(String stage, String environment) {
        return browser.driver.findElement(By.cssSelector("li.stage[data-stage=" + stage + "]"
                + (environment == null ? ":not([data-environment])" : "[data-environment=" + environment + "]")));
    }

    private static void awaitStage(String stage, String environment, String status) {
        try {
            await().atMost(WAIT).ignoreExceptions()
                    .untilAsserted(() -> assertThat(stage(stage, environment).getDomAttribute("data-status"))
                            .isEqualTo(status));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("stage " + stage + (environment == null ? "" : " in " + environment)
                    + " never showed " + status + "\n" + browser.diagnosis(), e);
        }
    }

    private static List<WebElement> actionButtons() {
        return browser.driver.findElements(By.xpath("//button[contains(@class,'action') or normalize-space()="
                + "'Replay' or normalize-space()='Approve' or normalize-space()='Reject' or normalize-space()="
                + "'Put back' or normalize-space()='Delete']"));
    }

    private static void press(CharSequence key) {
        new Actions(browser.driver).sendKeys(key).perform();
    }

    /** Presses Tab until the focused element matches, at most 100 times. */
    private static WebElement tabUntil(java.util.function.Predicate<WebElement> wanted) {
        for (int i = 0; i < 100; i++) {
            press(Keys.TAB);
            WebElement focused = browser.focused();
            if (wanted.test(focused)) {
                return focused;
            }
        }
        throw new AssertionError("Tab never reached the element; focus ended on " + browser.focused().getText());
    }

    private static String outline(WebElement element) {
        return (String) browser.script("return getComputedStyle(arguments[0]).outlineStyle", element);
    }

    private static RecordMetadata deadLetter(String id, String runId) {
        try (CloudEventsClient kafka = new CloudEventsClient(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            return kafka.sendDeadLetter(Topics.CHART_PUBLISHED, 0, 7, "cluster did not answer",
                    new OutgoingEvent(id, "/slipway/chart-service", EventTypes.CHART_PUBLISHED, "hello",
                            OffsetDateTime.now(ZoneOffset.UTC), runId, null, null, SampleEvents.chartPublished()));
        }
    }
}
