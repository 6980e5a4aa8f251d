package io.aiosedge.inference.tensorflow.internal;

import java.util.concurrent.TimeUnit;

import org.eclipse.kura.KuraException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: fast-path throughput of one engine shared by all benchmark threads (the clients, each blocking on its
 * answer), with dynamic batching off ({@code batching.max.size = 1}, the baseline) and on (max 32, no delay: the
 * bundle's default). The thread count is not an annotation: {@link InferenceJmhRunner} runs this class at 1, 8 and
 * 32 threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BatchingJmh {

    /** Largest batch when batching is on: the bundle's default {@code batching.max.size}. */
    static final int MAX_BATCH = 32;

    @Param({"off", "on"})
    public String batching;

    private final float[] window = EdgeModelFixture.window();
    private TensorFlowInferenceEngine engine;

    @Setup(Level.Trial)
    public void setUp() {
        switch (batching) {
        case "off":
            engine = EdgeModelFixture.engine(1);
            break;
        case "on":
            engine = EdgeModelFixture.engine(MAX_BATCH);
            break;
        default:
            throw new IllegalArgumentException("batching must be 'off' or 'on', got '" + batching + "'");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.deactivate();
    }

    @Benchmark
    public float[] infer() throws KuraException {
        return engine.infer(EdgeModelFixture.MODEL, window, 1, EdgeModelFixture.WIDTH);
    }
}
