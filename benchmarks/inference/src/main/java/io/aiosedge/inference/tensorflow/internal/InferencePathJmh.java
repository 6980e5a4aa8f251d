package io.aiosedge.inference.tensorflow.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.ai.inference.ModelInfo;
import org.eclipse.kura.ai.inference.Tensor;
import org.eclipse.kura.ai.inference.TensorDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * JMH: one inference of one window on the edge anomaly model, single caller, three ways:
 * <ul>
 * <li>{@link #bareSessionRun} (the baseline): TensorFlow Java alone on the same SavedModel: the input tensor made
 * from the {@code float[]}, {@code Session.run}, the output read into a {@code float[]};</li>
 * <li>{@link #fastPath}: our {@code TensorInference.infer(model, float[], shape)}, which adds the model lookup,
 * reference counting for hot swap, the batching check and statistics;</li>
 * <li>{@link #kuraTensorPath}: Kura's {@code InferenceEngineService.infer(ModelInfo, List<Tensor>)} with boxed
 * {@code Float} elements, validated against the signature.</li>
 * </ul>
 * The engine runs with batching off (one caller: batching would only add the hand-off check).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InferencePathJmh {

    private final float[] window = EdgeModelFixture.window();
    private final float[] output = new float[1];
    private TensorFlowInferenceEngine engine;
    private SavedModelBundle bundle;
    private Session session;
    private ModelInfo info;
    private List<Tensor> tensors;

    @Setup(Level.Trial)
    public void setUp() throws KuraException {
        engine = EdgeModelFixture.engine(1);
        bundle = SavedModelBundle.load(EdgeModelFixture.modelFolder().toString(), "serve");
        session = bundle.session();
        info = engine.getModelInfo(EdgeModelFixture.MODEL).orElseThrow(() -> new IllegalStateException(
                "the engine did not load model '" + EdgeModelFixture.MODEL + "'"));
        List<Float> boxed = new ArrayList<>();
        for (float value : window) {
            boxed.add(value);
        }
        tensors = List.of(new Tensor(Float.class, TensorDescriptor.builder("window", "FP32",
                List.of(1L, (long) EdgeModelFixture.WIDTH)).build(), boxed));
        checkSameAnswer();
    }

    /** The three paths must compute the same score, or their times are not comparable. */
    private void checkSameAnswer() throws KuraException {
        float bare = bareSessionRun();
        float fast = fastPath()[0];
        Float kura = kuraTensorPath().get(0).getData(Float.class).map(values -> values.get(0)).orElse(null);
        if (Math.abs(bare - fast) > 1e-6f || kura == null || Math.abs(bare - kura) > 1e-6f) {
            throw new IllegalStateException("the paths disagree on one window: bare " + bare + ", fast path " + fast
                    + ", Kura tensor path " + kura);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.deactivate();
        bundle.close();
    }

    @Benchmark
    public float bareSessionRun() {
        Shape shape = Shape.of(1, EdgeModelFixture.WIDTH);
        try (TFloat32 input = TFloat32.tensorOf(shape, DataBuffers.of(window, true, false));
                Result result = session.runner().feed("window:0", input).fetch("anomaly:0").run()) {
            result.get(0).asRawTensor().data().asFloats().read(output);
        }
        return output[0];
    }

    @Benchmark
    public float[] fastPath() throws KuraException {
        return engine.infer(EdgeModelFixture.MODEL, window, 1, EdgeModelFixture.WIDTH);
    }

    @Benchmark
    public List<Tensor> kuraTensorPath() throws KuraException {
        return engine.infer(info, tensors);
    }
}
