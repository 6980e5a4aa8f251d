package io.aiosedge.api.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Arrays;

import org.junit.jupiter.api.AfterAll;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.aiosedge.testsupport.FuzzSummary;

/**
 * Tensor payloads as an offload request or reply brings them: any bytes either decode to a tensor whose shape holds
 * exactly its values (counted without overflow) and that encodes back to the same bytes, or are refused with an
 * IllegalArgumentException saying why; never another exception, and never an allocation bigger than the payload (a
 * header that claims 2^31 or 2^64 elements in a few bytes is refused before anything is allocated: the fuzz JVM
 * has a 512 MiB heap).
 */
class TensorPayloadsFuzzTest {

    private static final FuzzSummary SUMMARY = new FuzzSummary("TensorPayloads.decode");

    @FuzzTest
    void decode(byte[] payload) {
        TensorPayloads.FloatTensor tensor;
        try {
            tensor = TensorPayloads.decode(payload);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            SUMMARY.count("refused");
            return;
        }
        BigInteger count = BigInteger.ONE;
        for (long dimension : tensor.shape()) {
            assertThat(dimension).isNotNegative();
            count = count.multiply(BigInteger.valueOf(dimension));
        }
        assertThat(count).isEqualTo(BigInteger.valueOf(tensor.values().length));
        assertThat(Arrays.equals(TensorPayloads.encode(tensor.shape(), tensor.values()), payload)).isTrue();
        SUMMARY.count("ok");
    }

    @AfterAll
    static void summary() throws Exception {
        SUMMARY.write();
    }
}
