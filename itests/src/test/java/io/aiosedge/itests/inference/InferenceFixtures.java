package io.aiosedge.itests.inference;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Test models and model bundles built inside the framework with the runtime bundle's TensorFlow (the probe
 * imports it dynamically), so the ITs need no binary fixtures.
 */
final class InferenceFixtures {

    /** Samples per window of the test models. */
    static final int WIDTH = 4;

    private InferenceFixtures() {
    }

    /** {@code window FP32 [-1, 4] -> anomaly FP32 [-1, 1]}: sum of the row plus {@code bias}. */
    static Path sumModel(Path dir, float bias) {
        try (Graph graph = new Graph(); Session session = new Session(graph)) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> window = tf.withName("window").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, WIDTH)));
            float[][] ones = new float[WIDTH][1];
            for (float[] row : ones) {
                row[0] = 1f;
            }
            Operand<TFloat32> anomaly = tf.math.add(tf.linalg.matMul(window, tf.constant(ones)), tf.constant(bias));
            SavedModelBundle.exporter(dir.toString()).withFunction(SessionFunction.create(Signature.builder()
                    .key("serving_default").input("window", window).output("anomaly", anomaly).build(), session))
                    .export();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A model bundle: the SavedModel under {@code model/} and {@code AIOS-Model: <name>;version=<v>;path=model/}.
     */
    static byte[] modelBundle(String symbolicName, String model, String version, Path savedModel) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        main.putValue("AIOS-Model", model + ";version=" + version + ";path=model/");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest); Stream<Path> walk = Files.walk(savedModel)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
            for (Path file : files) {
                jar.putNextEntry(new JarEntry("model/" + savedModel.relativize(file).toString().replace('\\', '/')));
                jar.write(Files.readAllBytes(file));
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A zip of a SavedModel folder, entries under {@code model/}. */
    static byte[] zip(Path savedModel) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes);
                Stream<Path> walk = Files.walk(savedModel)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList())) {
                zip.putNextEntry(new java.util.zip.ZipEntry("model/" + savedModel.relativize(file).toString()));
                zip.write(Files.readAllBytes(file));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Resident set size of this JVM from /proc/self/status, kB (-1 where there is no /proc). */
    static long residentKilobytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }
}
