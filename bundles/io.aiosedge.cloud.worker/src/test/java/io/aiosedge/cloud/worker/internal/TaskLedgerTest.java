package io.aiosedge.cloud.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.aiosedge.api.cloud.OffloadReply;

class TaskLedgerTest {

    private static OffloadReply ok(String task) {
        return new OffloadReply(task, OffloadReply.Status.OK, "w1", 1, Map.of(), new byte[0]);
    }

    @Test
    void theFirstClaimExecutesAndLaterClaimsGetItsOutcome() throws Exception {
        TaskLedger ledger = new TaskLedger(60_000, 100);
        TaskLedger.Claim first = ledger.claim("t1", 0);
        TaskLedger.Claim second = ledger.claim("t1", 10);
        assertThat(first.first()).isTrue();
        assertThat(second.first()).isFalse();
        assertThat(second.outcome()).isNotDone();
        ledger.complete("t1", ok("t1"), true);
        assertThat(second.outcome().get().taskId()).isEqualTo("t1");
        assertThat(ledger.claim("t1", 20).first()).isFalse();
    }

    @Test
    void aTaskThatDidNotRunIsForgottenSoThatARetryRuns() throws Exception {
        TaskLedger ledger = new TaskLedger(60_000, 100);
        ledger.claim("t1", 0);
        TaskLedger.Claim waiting = ledger.claim("t1", 1);
        OffloadReply rejected = new OffloadReply("t1", OffloadReply.Status.REJECTED, "w1", 0, Map.of(), new byte[0]);
        ledger.complete("t1", rejected, false);
        assertThat(waiting.outcome().get().status()).isEqualTo(OffloadReply.Status.REJECTED);
        assertThat(ledger.claim("t1", 2).first()).isTrue();
    }

    @Test
    void finishedTasksLeaveAfterTheWindowButRunningOnesStay() {
        TaskLedger ledger = new TaskLedger(1_000, 100);
        ledger.claim("done", 0);
        ledger.claim("running", 0);
        ledger.complete("done", ok("done"), true);
        assertThat(ledger.claim("done", 1_000).first()).as("still within the window").isFalse();
        assertThat(ledger.claim("done", 2_001).first()).as("window passed").isTrue();
        assertThat(ledger.claim("running", 5_000).first()).as("a running task is never evicted").isFalse();
    }

    @Test
    void beyondTheBoundTheOldestFinishedGoFirst() {
        TaskLedger ledger = new TaskLedger(600_000, 3);
        for (int i = 0; i < 3; i++) {
            ledger.claim("t" + i, i);
        }
        ledger.complete("t1", ok("t1"), true);
        ledger.claim("t3", 3); // over the bound: t1 (finished) goes, t0 and t2 (running) stay
        assertThat(ledger.size()).isEqualTo(4);
        ledger.claim("t4", 4);
        assertThat(ledger.claim("t1", 5).first()).isTrue();
        assertThat(ledger.claim("t0", 6).first()).isFalse();
    }
}
