package io.aiosedge.cloudsync.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CloudCommandsTest {

    @Test
    void pointsInTimeAreShownAsLocalTimeWithTheirAgeAndOtherMetricsAsTheyAre() {
        long now = 1_796_000_000_000L; // 2026-11-30T00:53:20Z
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("connected.since", now - 90_500);
        metrics.put("next.attempt.at", now + 1_500);
        metrics.put("link.measured.at", 0L);
        metrics.put("outbox.oldest.age.ms", 1234L);
        String text = CloudCommands.format(metrics, now, ZoneOffset.UTC);
        assertThat(text).contains("connected.since        2026-11-30T00:51:49.500 (90.5 s ago)")
                .contains("next.attempt.at        2026-11-30T00:53:21.500 (in 1.5 s)")
                .contains("link.measured.at       -")
                .contains("outbox.oldest.age.ms   1234");
        assertThat(text).doesNotContain(Long.toString(now - 90_500));
    }
}
