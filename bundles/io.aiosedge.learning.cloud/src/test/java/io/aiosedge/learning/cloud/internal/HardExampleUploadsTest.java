package io.aiosedge.learning.cloud.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.eclipse.kura.message.KuraPayload;
import org.junit.jupiter.api.Test;

class HardExampleUploadsTest {

    private static KuraPayload body(String json) {
        KuraPayload payload = new KuraPayload();
        payload.setBody(json.getBytes(StandardCharsets.UTF_8));
        return payload;
    }

    @Test
    void readsTheGatewaysFormatAndSkipsWhatDoesNotFit() {
        String json = "{\"format\":\"aios-hard-examples/1\",\"examples\":["
                + "{\"time\":1764750000000,\"task\":\"job-1\",\"source\":\"job\",\"edgeModel\":\"anomaly-edge\","
                + "\"model\":\"anomaly-cloud\",\"labelNode\":\"w1\",\"shape\":[1,3],\"window\":[3.01,-2,1e-3],"
                + "\"edge\":[0.41],\"label\":[0.93],\"edgeConfidence\":0.59},"
                + "{\"task\":\"job-2\",\"edgeModel\":\"other\",\"window\":[1,2,3],\"label\":[1]},"
                + "{\"task\":\"job-3\",\"edgeModel\":\"anomaly-edge\",\"window\":[1,2],\"label\":[1]},"
                + "{\"task\":\"job-4\",\"edgeModel\":\"anomaly-edge\",\"window\":[1,null,3],\"label\":[0]}]}";

        HardExampleUploads.Parsed parsed = HardExampleUploads.parse("gw1", body(json), "anomaly-edge", 3);

        assertThat(parsed.examples()).hasSize(1);
        TrainingExample e = parsed.examples().get(0);
        assertThat(e.key()).isEqualTo("gw1/job-1");
        assertThat(e.window()).containsExactly(3.01f, -2f, 1e-3f);
        assertThat(e.label()).isEqualTo(0.93f);
        assertThat(e.labelClass()).isEqualTo(1);
        assertThat(e.timeMillis()).isEqualTo(1764750000000L);
        assertThat(parsed.skipped()).isEqualTo(3);
        assertThat(parsed.firstSkipReason()).isEqualTo("example job-2 is of edge model 'other', not 'anomaly-edge'");
    }

    @Test
    void aMessageThatIsNotAnUploadIsRefusedNamingWhy() {
        assertThatThrownBy(() -> HardExampleUploads.parse("gw1", new KuraPayload(), "m", 3))
                .hasMessage("hard-example upload from gw1 has no body");
        assertThatThrownBy(() -> HardExampleUploads.parse("gw1", body("{\"format\":\"x/2\"}"), "m", 3))
                .hasMessage("hard-example upload from gw1: format 'x/2', expected 'aios-hard-examples/1'");
        assertThatThrownBy(() -> HardExampleUploads.parse("gw1", body("{\"format\":\"aios-hard-examples/1\"}"), "m", 3))
                .hasMessageContaining("no 'examples' array");
        assertThatThrownBy(() -> HardExampleUploads.parse("gw1", body("{\"examples\":[1,"), "m", 3))
                .hasMessageStartingWith("JSON: ").hasMessageContaining("$.examples");
        assertThatThrownBy(() -> HardExampleUploads.parse("gw1", body("{\"examples\":[]} x"), "m", 3))
                .hasMessageStartingWith("JSON: ");
        assertThatThrownBy(() -> HardExampleUploads.parse("gw1", body("{\"a\":1,\"a\":2}"), "m", 3))
                .hasMessage("JSON: member 'a' appears twice, at $.a");
        assertThatThrownBy(() -> HardExampleUploads.parse("gw1", body("{'a':1}"), "m", 3))
                .hasMessageStartingWith("JSON: "); // strict: no single quotes
        assertThatThrownBy(() -> HardExampleUploads.parse("gw1", body("[".repeat(100)), "m", 3))
                .hasMessageContaining("nested levels");
    }
}
