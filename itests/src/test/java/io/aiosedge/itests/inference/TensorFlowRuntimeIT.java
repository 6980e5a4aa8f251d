package io.aiosedge.itests.inference;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.math.Add;
import org.tensorflow.types.TFloat32;

/**
 * Smoke test of the TensorFlow runtime bundle inside Felix: the natives fragment attaches to the library
 * bundle, JavaCPP finds the natives through it, and a graph is built and run.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TensorFlowRuntimeIT extends InferenceTestSupport {

    @Configuration
    public Option[] config() {
        return new Option[] {inferencePlatform()};
    }

    @Test
    public void nativesFragmentIsAttachedToTheRuntime() {
        Bundle runtime = installedBundle(RUNTIME_BSN);
        List<String> fragments = runtime.adapt(BundleWiring.class).getProvidedWires(BundleRevision.HOST_NAMESPACE)
                .stream()
                .map(BundleWire::getRequirer)
                .map(BundleRevision::getSymbolicName)
                .collect(Collectors.toList());
        assertEquals(List.of(RUNTIME_BSN + ".natives.linux-x86_64"), fragments);
    }

    @Test
    public void buildsAndRunsAGraph() {
        assertTrue(TensorFlow.version(), TensorFlow.version().startsWith("2."));
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 2)));
            Add<TFloat32> y = tf.math.add(tf.math.mul(x, tf.constant(2f)), tf.constant(1f));
            try (TFloat32 input = TFloat32.tensorOf(Shape.of(2, 2), DataBuffers.of(new float[4], true, false));
                    TFloat32 output = runAndFetch(session, x, y, input)) {
                float[] values = new float[4];
                output.asRawTensor().data().asFloats().read(values);
                assertArrayEquals(new float[] {1f, 1f, 1f, 1f}, values, 0f);
            }
        }
    }

    @Test
    public void runsAGraphOnTheGivenValues() {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 2)));
            Add<TFloat32> y = tf.math.add(tf.math.mul(x, tf.constant(2f)), tf.constant(1f));
            try (TFloat32 input = TFloat32.vectorOf(3f, -1f)) {
                try (TFloat32 reshaped = TFloat32.tensorOf(Shape.of(1, 2), data -> input.copyTo(data.get(0)));
                        TFloat32 output = runAndFetch(session, x, y, reshaped)) {
                    assertEquals(7f, output.getFloat(0, 0), 0f);
                    assertEquals(-1f, output.getFloat(0, 1), 0f);
                }
            }
        }
    }

    private static TFloat32 runAndFetch(Session session, Placeholder<TFloat32> x, Add<TFloat32> y, TFloat32 input) {
        return (TFloat32) session.runner().feed(x, input).fetch(y).run().get(0);
    }
}
