package io.aiosedge.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Hot deploy: the sampling thread lives exactly as long as the activation. */
class DashboardSamplerThreadTest {

    @Test
    void deactivationStopsTheSamplingThread() throws Exception {
        DashboardSampler sampler = new DashboardSampler(new DashboardSettings(500, 10, 1),
                System::currentTimeMillis, true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sampler.view().history().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(sampler.view().history()).as("samples taken on the schedule").isNotEmpty();
        assertThat(samplerThreads()).isEqualTo(1);

        sampler.deactivate();
        // The pool has terminated; give the thread the moment it needs to leave the JVM's list.
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(DashboardSampler.THREAD_NAME)) {
                t.join(2000);
            }
        }
        assertThat(samplerThreads()).as("threads named " + DashboardSampler.THREAD_NAME + " after deactivate")
                .isZero();
    }

    private static long samplerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(DashboardSampler.THREAD_NAME) && t.isAlive()).count();
    }
}
