package io.aiosedge.cloud.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.aiosedge.api.cloud.OffloadReply;
import io.aiosedge.api.cloud.OffloadRequest;
import io.aiosedge.api.cloud.TensorPayloads;
import io.aiosedge.api.scheduler.NodeKind;

class InferenceHandlerTest {

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final FakeInference inference = new FakeInference("anomaly-cloud", "other", "broken");
    private final AtomicInteger changes = new AtomicInteger();

    @AfterEach
    void stop() {
        inference.open();
        pool.shutdownNow();
    }

    private static WorkerOptions options(int slots, String... models) {
        return new WorkerOptions("w1", "inference", NodeKind.CLOUD, List.of(models), slots, 4 * slots, 1e10, List.of(),
                60_000,
                5_000, 1_000, false);
    }

    private InferenceHandler handler(int slots, String... models) {
        return new InferenceHandler(options(slots, models), inference, System::currentTimeMillis,
                changes::incrementAndGet);
    }

    private static OffloadRequest request(String task, long deadlineInMillis, Map<String, String> metadata,
            float... values) {
        return new OffloadRequest(task, "inference", System.currentTimeMillis() + deadlineInMillis, metadata,
                TensorPayloads.encode(new long[] {1, values.length}, values));
    }

    @Test
    void runsTheNamedModelAndRepliesWithTheOutputTensor() {
        InferenceHandler handler = handler(2, "anomaly-cloud", "other");
        OffloadReply reply = handler.handle(request("t1", 5_000, Map.of("model", "other"), 1f, 2f, 3f));
        assertThat(reply.status()).isEqualTo(OffloadReply.Status.OK);
        assertThat(reply.nodeId()).isEqualTo("w1");
        assertThat(reply.metadata()).containsEntry("model", "other").containsEntry("worker", "w1")
                .containsKey("queue.ms");
        TensorPayloads.FloatTensor out = TensorPayloads.decode(reply.payload());
        assertThat(out.shape()).containsExactly(1, 1);
        assertThat(out.values()).containsExactly(6f);
        assertThat(reply.computeMillis()).isGreaterThanOrEqualTo(0);
        assertThat(handler.counters().executed()).isEqualTo(1);
    }

    @Test
    void aRequestNamingNoModelRunsTheFirstServedOne() {
        OffloadReply reply = handler(1, "anomaly-cloud", "other").handle(request("t1", 5_000, Map.of(), 1f));
        assertThat(reply.metadata()).containsEntry("model", "anomaly-cloud");
    }

    @Test
    void modelsNotServedOrNotLoadedAreRejectedWithoutRunning() {
        InferenceHandler handler = handler(1, "anomaly-cloud", "missing");
        OffloadReply notServed = handler.handle(request("t1", 5_000, Map.of("model", "other"), 1f));
        OffloadReply notLoaded = handler.handle(request("t2", 5_000, Map.of("model", "missing"), 1f));
        assertThat(notServed.status()).isEqualTo(OffloadReply.Status.REJECTED);
        assertThat(notServed.metadata().get("error")).contains("other", "not served", "anomaly-cloud");
        assertThat(notLoaded.status()).isEqualTo(OffloadReply.Status.REJECTED);
        assertThat(notLoaded.metadata().get("error")).contains("missing", "not loaded");
        assertThat(inference.calls).hasValue(0);
        // a rejected task id is forgotten: once the model is there, a retry runs
        inference.loaded.add("missing");
        assertThat(handler.handle(request("t2", 5_000, Map.of("model", "missing"), 1f)).status())
                .isEqualTo(OffloadReply.Status.OK);
    }

    @Test
    void malformedInputAndEngineErrorsAreErrorReplies() {
        InferenceHandler handler = handler(1, "anomaly-cloud", "broken");
        OffloadReply malformed = handler.handle(new OffloadRequest("t1", "inference",
                System.currentTimeMillis() + 5_000, Map.of(), new byte[] {1, 2}));
        OffloadReply failed = handler.handle(request("t2", 5_000, Map.of("model", "broken"), 1f));
        assertThat(malformed.status()).isEqualTo(OffloadReply.Status.ERROR);
        assertThat(malformed.metadata().get("error")).startsWith("malformed input");
        assertThat(failed.status()).isEqualTo(OffloadReply.Status.ERROR);
        assertThat(failed.metadata().get("error")).contains("model broken");
        assertThat(handler.counters().failed()).isEqualTo(2);
    }

    @Test
    void concurrentDuplicatesRunOnceAndAllGetTheSameReply() throws Exception {
        InferenceHandler handler = handler(4, "anomaly-cloud");
        inference.close();
        List<Future<OffloadReply>> replies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            replies.add(pool.submit(() -> handler.handle(request("same", 10_000, Map.of(), 2f, 2f))));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> handler.counters().duplicates() == 4);
        inference.open();
        for (Future<OffloadReply> f : replies) {
            OffloadReply reply = f.get();
            assertThat(reply.status()).isEqualTo(OffloadReply.Status.OK);
            assertThat(TensorPayloads.decode(reply.payload()).values()).containsExactly(4f);
        }
        assertThat(inference.calls).hasValue(1);
        // a redelivery after the task finished gets the cached reply, marked as a duplicate
        OffloadReply late = handler.handle(request("same", 10_000, Map.of(), 2f, 2f));
        assertThat(late.metadata()).containsEntry("duplicate", "true");
        assertThat(inference.calls).hasValue(1);
        assertThat(handler.counters().executed()).isEqualTo(1);
    }

    @Test
    void aRequestWaitingForASlotPastItsDeadlineExpiresWithoutRunning() throws Exception {
        InferenceHandler handler = handler(1, "anomaly-cloud");
        inference.close();
        Future<OffloadReply> blocker = pool.submit(() -> handler.handle(request("long", 30_000, Map.of(), 1f)));
        await().atMost(Duration.ofSeconds(10)).until(() -> inference.computing.get() == 1);
        CompletableFuture<OffloadReply> late = CompletableFuture.supplyAsync(
                () -> handler.handle(request("late", 300, Map.of(), 1f)), pool);
        await().atMost(Duration.ofSeconds(10)).until(() -> handler.waiting() == 1 || late.isDone());
        OffloadReply expired = late.get();
        assertThat(expired.status()).isEqualTo(OffloadReply.Status.EXPIRED);
        assertThat(expired.metadata().get("error")).contains("1 slots");
        assertThat(handler.counters().expired()).isEqualTo(1);
        inference.open();
        assertThat(blocker.get().status()).isEqualTo(OffloadReply.Status.OK);
        assertThat(inference.calls).as("the expired request never ran").hasValue(1);
        assertThat(changes.get()).isPositive();
    }

    @Test
    void slotsBoundTheComputationsAndTheOthersQueue() throws Exception {
        InferenceHandler handler = handler(2, "anomaly-cloud");
        inference.close();
        List<Future<OffloadReply>> replies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String task = "t" + i;
            replies.add(pool.submit(() -> handler.handle(request(task, 30_000, Map.of(), 1f))));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> handler.running() == 2 && handler.waiting() == 3);
        assertThat(inference.computing).hasValue(2);
        inference.open();
        for (Future<OffloadReply> f : replies) {
            assertThat(f.get().status()).isEqualTo(OffloadReply.Status.OK);
        }
        assertThat(handler.running()).isZero();
        assertThat(handler.waiting()).isZero();
    }

    @Test
    void awaitIdleWaitsForInFlightRequestsAndAClosedHandlerRejects() throws Exception {
        InferenceHandler handler = handler(1, "anomaly-cloud");
        inference.close();
        Future<OffloadReply> running = pool.submit(() -> handler.handle(request("t1", 30_000, Map.of(), 1f)));
        await().atMost(Duration.ofSeconds(10)).until(() -> handler.active() == 1 && inference.computing.get() == 1);
        assertThat(handler.awaitIdle(50)).as("busy").isFalse();
        Future<Boolean> idle = pool.submit(() -> handler.awaitIdle(10_000));
        inference.open();
        assertThat(idle.get()).isTrue();
        assertThat(running.get().status()).isEqualTo(OffloadReply.Status.OK);
        handler.close();
        OffloadReply after = handler.handle(request("t2", 30_000, Map.of(), 1f));
        assertThat(after.status()).isEqualTo(OffloadReply.Status.REJECTED);
        assertThat(after.metadata().get("error")).contains("stopped");
    }
}
