package io.aiosedge.inference.tensorflow.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/** SavedModels built with TensorFlow Java for the tests. */
final class TestModels {

    private TestModels() {
    }

    /**
     * {@code window FP32 [-1, n] -> anomaly FP32 [-1, 1]}: each output row is the dot product of its input row
     * with {@code weights}, plus {@code bias}, so rows are independent (what batching must preserve).
     */
    static Path linear(Path dir, float[] weights, float bias) throws IOException {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> window = tf.withName("window").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, weights.length)));
            float[][] column = new float[weights.length][1];
            for (int i = 0; i < weights.length; i++) {
                column[i][0] = weights[i];
            }
            Operand<TFloat32> anomaly = tf.withName("anomaly")
                    .math.add(tf.linalg.matMul(window, tf.constant(column)), tf.constant(bias));
            export(dir, session, Signature.builder().key("serving_default").input("window", window)
                    .output("anomaly", anomaly).build());
        }
        return dir;
    }

    /**
     * One input and one output of each element type TensorFlow Java can run: {@code b} BOOL (negated),
     * {@code u8} UINT8 (identity), {@code i32} INT32 (+1), {@code i64} INT64 (+1), {@code f32} FP32 (×2),
     * {@code f64} FP64 (×2), {@code s} BYTES (identity); outputs are named {@code <input>_out}. Shapes
     * {@code [-1]} except BYTES, a scalar.
     */
    static Path allTypes(Path dir) throws IOException {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Shape vector = Shape.of(-1);
            Placeholder<TBool> b = tf.withName("b").placeholder(TBool.class, Placeholder.shape(vector));
            Placeholder<TUint8> u8 = tf.withName("u8").placeholder(TUint8.class, Placeholder.shape(vector));
            Placeholder<TInt32> i32 = tf.withName("i32").placeholder(TInt32.class, Placeholder.shape(vector));
            Placeholder<TInt64> i64 = tf.withName("i64").placeholder(TInt64.class, Placeholder.shape(vector));
            Placeholder<TFloat32> f32 = tf.withName("f32").placeholder(TFloat32.class, Placeholder.shape(vector));
            Placeholder<TFloat64> f64 = tf.withName("f64").placeholder(TFloat64.class, Placeholder.shape(vector));
            Placeholder<TString> s = tf.withName("s").placeholder(TString.class, Placeholder.shape(Shape.scalar()));
            Signature signature = Signature.builder().key("serving_default")
                    .input("b", b).output("b_out", tf.math.logicalNot(b))
                    .input("u8", u8).output("u8_out", tf.identity(u8))
                    .input("i32", i32).output("i32_out", tf.math.add(i32, tf.constant(1)))
                    .input("i64", i64).output("i64_out", tf.math.add(i64, tf.constant(1L)))
                    .input("f32", f32).output("f32_out", tf.math.mul(f32, tf.constant(2f)))
                    .input("f64", f64).output("f64_out", tf.math.mul(f64, tf.constant(2.0)))
                    .input("s", s).output("s_out", tf.identity(s))
                    .build();
            export(dir, session, signature);
        }
        return dir;
    }

    /** A folder with a {@code saved_model.pb} that is not a SavedModel. */
    static Path corrupt(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("variables"));
        Files.write(dir.resolve("saved_model.pb"), new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 });
        return dir;
    }

    private static void export(Path dir, Session session, Signature signature) throws IOException {
        SavedModelBundle.exporter(dir.toString()).withFunction(SessionFunction.create(signature, session)).export();
    }
}
