package io.aiosedge.federated.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class FederatedMessagesTest {

    @Test
    void updateRoundTripsInFourBytesPerValueAndASmallHeader() {
        float[] delta = new float[1169];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = (float) Math.sin(i) / 7;
        }
        byte[] body = FederatedMessages.encode(new FederatedMessages.Update(12, 3, 400, "gw-7", "anomaly-edge", delta));
        // magic 4 + round 8 + version 4 + samples 8 + 2+4 + 2+12 + count 4
        assertThat(body).hasSize(1169 * 4 + 48);
        FederatedMessages.Update back = FederatedMessages.decodeUpdate(body);
        assertThat(back.round()).isEqualTo(12);
        assertThat(back.version()).isEqualTo(3);
        assertThat(back.samples()).isEqualTo(400);
        assertThat(back.gateway()).isEqualTo("gw-7");
        assertThat(back.model()).isEqualTo("anomaly-edge");
        assertThat(back.delta()).containsExactly(delta);
    }

    @Test
    void inviteAndJoinRoundTrip() {
        FederatedMessages.Invite invite = new FederatedMessages.Invite(5, 2, 1_700_000_000_123L, 20, 32, 0.005f, 5f,
                0.1f, "m", new float[] {1, -2, 3.5f});
        FederatedMessages.Invite back = FederatedMessages.decodeInvite(FederatedMessages.encode(invite));
        assertThat(back.deadlineMillis()).isEqualTo(1_700_000_000_123L);
        assertThat(back.localSteps()).isEqualTo(20);
        assertThat(back.batchSize()).isEqualTo(32);
        assertThat(back.learningRate()).isEqualTo(0.005f);
        assertThat(back.clip()).isEqualTo(5f);
        assertThat(back.noise()).isEqualTo(0.1f);
        assertThat(back.weights()).containsExactly(1, -2, 3.5f);
        assertThat(FederatedMessages.decodeJoin(FederatedMessages.encode(new FederatedMessages.Join(5, 2))))
                .isEqualTo(new FederatedMessages.Join(5, 2));
    }

    @Test
    void namesWhatIsWrongWithABody() {
        byte[] update = FederatedMessages.encode(new FederatedMessages.Update(1, 0, 10, "g", "m", new float[4]));
        assertThatThrownBy(() -> FederatedMessages.decodeInvite(update)).hasMessageContaining("invite: starts with");
        assertThatThrownBy(() -> FederatedMessages.decodeUpdate(Arrays.copyOf(update, update.length - 1)))
                .hasMessageContaining("update: truncated");
        assertThatThrownBy(() -> FederatedMessages.decodeUpdate(Arrays.copyOf(update, update.length + 2)))
                .hasMessageContaining("2 bytes after the end");
        assertThatThrownBy(() -> FederatedMessages.decodeUpdate(null)).hasMessageContaining("no body");
        byte[] none = FederatedMessages.encode(new FederatedMessages.Update(1, 0, 0, "g", "m", new float[4]));
        assertThatThrownBy(() -> FederatedMessages.decodeUpdate(none)).hasMessageContaining("claims 0 samples");
        byte[] forged = update.clone();
        int countAt = update.length - 16 - 4;
        forged[countAt] = 0x7f; // value count 2^30+: more than MAX_VALUES
        assertThatThrownBy(() -> FederatedMessages.decodeUpdate(forged)).hasMessageContaining("value count");
    }
}
