package io.aiosedge.e2e;

import static org.awaitility.Awaitility.await;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Joint inference across the tiers, each in its own JVM: the gateway's edge model answers the windows it is
 * confident about and escalates the doubtful ones to the cloud worker's model. The same labelled windows (generated
 * like the models' held-out set, from seeds the trainer never used) run edge-only, cloud-only and joint; the test
 * checks that every joint answer is the edge model's where it was confident and the cloud model's where it was not,
 * and reports precision, recall and F1 of the three with the share of windows sent to the cloud.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JointInferenceE2EIT {

    private static final int WINDOWS = 600;
    private static final double THRESHOLD = 0.8;
    private CloudTier tier;

    @BeforeAll
    void start() throws Exception {
        tier = new CloudTier("joint");
        tier.startWorker("wj", 2);
        tier.startGateway("local-only", 3000, 8);
    }

    @AfterAll
    void stop() throws Exception {
        if (tier != null) {
            tier.keepLogs(results().resolve("joint"));
            tier.close();
        }
    }

    private static Path results() {
        return Path.of(System.getProperty("aios.e2e.results", "target/e2e-results"));
    }

    private List<Outcome> run(String name, String policy, String model, String edgeModel) throws Exception {
        tier.startRun(name, Map.of("count", WINDOWS, "seed", 4001, "signals", 6, "rate.per.s", 50, "policy", policy,
                "model", model, "edge.model", edgeModel, "deadline.ms", 20_000));
        int[] duplicates = new int[1];
        List<Outcome> outcomes = tier.awaitRun(name, Duration.ofSeconds(180), duplicates);
        assertThat(duplicates[0]).isZero();
        assertThat(outcomes).hasSize(WINDOWS).allSatisfy(o -> assertThat(o.status()).as(o.toString())
                .isEqualTo("COMPLETED"));
        outcomes.sort(Comparator.comparingInt(Outcome::index));
        return outcomes;
    }

    private static final Pattern EXAMPLE = Pattern.compile(
            "\"task\":\"([^\"]*)\".*?\"edge\":\\[([^\\]]*)\\],\"label\":\\[([^\\]]*)\\]");

    /** Task id → {edge answer, label} of every hard example in the uploads. */
    private static Map<String, double[]> hardExamples(List<String> uploads) {
        Map<String, double[]> out = new HashMap<>();
        for (String body : uploads) {
            Matcher m = EXAMPLE.matcher(body);
            while (m.find()) {
                out.put(m.group(1), new double[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))});
            }
        }
        return out;
    }

    private static double confidence(double p) {
        return Math.max(p, 1 - p);
    }

    @Test
    void doubtfulWindowsAreEscalatedToTheCloudModelAndTheCombinationIsMeasured() throws Exception {
        List<Outcome> edge = run("edge-only", "local-only", "anomaly-edge", "");
        List<Outcome> cloud = run("cloud-only", "cloud-only", "anomaly-cloud", "");
        List<String> uploads = new CopyOnWriteArrayList<>();
        tier.client.collectBodies("aios/v1/" + CloudTier.TENANT + "/" + CloudTier.GATEWAY + "/data/hard-examples",
                uploads);
        List<Outcome> joint = run("joint", "joint-inference", "anomaly-cloud", "anomaly-edge");

        assertThat(edge).allSatisfy(o -> {
            assertThat(o.kind()).isEqualTo("LOCAL");
            assertThat(o.model()).isEqualTo("anomaly-edge");
        });
        assertThat(cloud).allSatisfy(o -> assertThat(o.model()).isEqualTo("anomaly-cloud"));
        long inCloud = cloud.stream().filter(o -> o.kind().equals("CLOUD")).count();
        assertThat(inCloud).as("cloud-only ran in the cloud").isGreaterThanOrEqualTo(WINDOWS * 95L / 100);

        int escalated = 0;
        for (int i = 0; i < WINDOWS; i++) {
            Outcome j = joint.get(i);
            double edgeScore = edge.get(i).score();
            if (confidence(edgeScore) < THRESHOLD) {
                escalated++;
                assertThat(j.escalated()).as("doubtful window %d (edge %.3f) escalated", i, edgeScore).isTrue();
                assertThat(j.model()).isEqualTo("anomaly-cloud");
                assertThat(j.score()).as("window %d answered by the cloud model", i)
                        .isCloseTo(cloud.get(i).score(), within(1e-4));
            } else {
                assertThat(j.escalated()).as("confident window %d (edge %.3f) kept", i, edgeScore).isFalse();
                assertThat(j.kind()).isEqualTo("LOCAL");
                assertThat(j.model()).isEqualTo("anomaly-edge");
                assertThat(j.score()).isCloseTo(edgeScore, within(1e-4));
            }
        }
        long escalatedToCloud = joint.stream().filter(o -> o.escalated() && o.kind().equals("CLOUD")).count();
        double share = (double) escalated / WINDOWS;
        assertThat(share).as("share escalated").isStrictlyBetween(0.0, 1.0);

        // The learning loop: every escalation reached the broker as a hard example, labelled by the cloud
        // model's answer, with the edge model's doubtful answer beside it; nothing that was not escalated.
        Map<String, Integer> windowOf = new HashMap<>();
        for (int i = 0; i < WINDOWS; i++) {
            windowOf.put(joint.get(i).task(), i);
        }
        await("a hard example for each of the " + escalatedToCloud + " escalations")
                .atMost(Duration.ofSeconds(30)).pollInterval(CloudTier.POLL)
                .until(() -> hardExamples(uploads).size() >= escalatedToCloud);
        Map<String, double[]> examples = hardExamples(uploads);
        assertThat(examples).hasSize((int) escalatedToCloud);
        examples.forEach((task, answers) -> {
            Integer i = windowOf.get(task);
            assertThat(i).as("hard example %s is a task of the joint run", task).isNotNull();
            assertThat(joint.get(i).escalated()).isTrue();
            assertThat(answers[0]).as("edge answer of %s", task).isCloseTo(edge.get(i).score(), within(1e-4));
            assertThat(answers[1]).as("label of %s", task).isCloseTo(cloud.get(i).score(), within(1e-4));
        });
        System.out.println("[e2e] hard examples uploaded: " + examples.size() + " in " + uploads.size()
                + " messages");

        Scores e = Scores.of(edge);
        Scores c = Scores.of(cloud);
        Scores jt = Scores.of(joint);
        String table = String.join("\n",
                "| system | precision | recall | F1 | accuracy | windows sent to the cloud |",
                "|---|---|---|---|---|---|",
                e.row("edge only (anomaly-edge on the gateway)", "0 %"),
                c.row("cloud only (anomaly-cloud on the worker)", String.format(Locale.ROOT, "%.1f %%",
                        100.0 * inCloud / WINDOWS)),
                jt.row("joint (edge, escalate below confidence " + THRESHOLD + ")", String.format(Locale.ROOT,
                        "%.1f %% (%d of %d)", 100.0 * escalatedToCloud / WINDOWS, escalatedToCloud, WINDOWS)),
                "");
        Files.createDirectories(results());
        Files.writeString(results().resolve("joint-inference.md"), table);
        System.out.println("[e2e] joint inference on " + WINDOWS + " labelled windows:\n" + table);
        // Since the edge model is distilled from the cloud model it scores about as well (it may even score higher on
        // a given set): the combination must keep the better single model's F1 within 2 points while only the
        // doubtful windows go to the cloud.
        assertThat(jt.f1()).as("the combination is within 2 points of the better single model's F1")
                .isGreaterThanOrEqualTo(Math.max(e.f1(), c.f1()) - 0.02);
    }
}
