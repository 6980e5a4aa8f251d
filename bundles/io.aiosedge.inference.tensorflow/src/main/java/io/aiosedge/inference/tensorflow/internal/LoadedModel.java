package io.aiosedge.inference.tensorflow.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.ai.inference.ModelInfo;
import org.eclipse.kura.ai.inference.Tensor;
import org.eclipse.kura.ai.inference.TensorDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * One loaded version of a model: its SavedModel (graph + session, native memory) and signature, shared by
 * the requests that run it. Reference counted: the registry holds one reference while this version serves;
 * each request holds one while it runs. When the version is retired (swapped out, unloaded, engine stopped)
 * and the last request releases it, the session and graph are closed, so in-flight requests always finish
 * on the version they started with.
 */
final class LoadedModel {

    private static final Logger LOG = LoggerFactory.getLogger(LoadedModel.class);

    /** Where a model came from. */
    enum Source {
        /** A SavedModel directory named in the configuration, Kura's loadModel or the shell. */
        DIRECTORY,
        /** A model bundle (AIOS-Model header). */
        BUNDLE,
        /** A package pushed from the cloud and checked against its SHA-256. */
        CLOUD
    }

    private final String name;
    private final String version;
    private final Source source;
    private final Path directory;
    private final SavedModelBundle savedModel;
    private final Session session;
    private final ModelSignature signature;
    private final ModelInfo info;
    /** Graph endpoints of inputs and outputs, resolved once (in signature order). */
    private final List<Output<?>> inputEndpoints;
    private final List<Output<?>> outputEndpoints;
    private final AtomicInteger references = new AtomicInteger(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Consumer<Runnable> closer;

    private LoadedModel(String name, String version, Source source, Path directory, SavedModelBundle savedModel,
            ModelSignature signature, Consumer<Runnable> closer) {
        this.name = name;
        this.version = version;
        this.source = source;
        this.directory = directory;
        this.savedModel = savedModel;
        this.session = savedModel.session();
        this.signature = signature;
        this.info = signature.toModelInfo(name, version, directory);
        Graph graph = savedModel.graph();
        this.inputEndpoints = new ArrayList<>();
        for (ModelSignature.Entry entry : signature.inputs()) {
            this.inputEndpoints.add(graph.outputOrThrow(entry.tensorName()));
        }
        this.outputEndpoints = new ArrayList<>();
        for (ModelSignature.Entry entry : signature.outputs()) {
            this.outputEndpoints.add(graph.outputOrThrow(entry.tensorName()));
        }
        this.closer = closer;
    }

    /**
     * Loads a SavedModel (tag {@code serve}) and reads its serving signature.
     *
     * @param name the model name
     * @param version the version to report
     * @param source where it came from
     * @param directory the SavedModel directory
     * @param config session options (threads, devices)
     * @param closer runs the closing of the native handles once the version is retired and drained
     * @return the loaded model, holding the registry's reference
     * @throws KuraException naming the model and directory when the directory is not a readable SavedModel
     */
    /**
     * @throws KuraException INVALID_PARAMETER (Kura's NOT_FOUND message drops the arguments) naming the model and
     *         the file expected when {@code directory} holds no
     *         {@code saved_model.pb}
     */
    static void requireSavedModel(String name, Path directory) throws KuraException {
        if (!Files.isDirectory(directory)) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "model '" + name + "': no SavedModel in " + directory
                    + ": it is not a folder (expected a folder holding saved_model.pb)");
        }
        if (!Files.isRegularFile(directory.resolve("saved_model.pb"))) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "model '" + name + "': no SavedModel in " + directory
                    + " (expected " + directory.resolve("saved_model.pb") + ")");
        }
    }

    static LoadedModel load(String name, String version, Source source, Path directory, ConfigProto config,
            Consumer<Runnable> closer) throws KuraException {
        requireSavedModel(name, directory);
        SavedModelBundle savedModel;
        try {
            savedModel = SavedModelBundle.loader(directory.toString()).withTags("serve").withConfigProto(config)
                    .load();
        } catch (RuntimeException e) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, e, "model '" + name
                    + "': corrupt or unreadable SavedModel in " + directory + ": " + e.getMessage());
        }
        try {
            ModelSignature signature = ModelSignature.of(savedModel.metaGraphDef());
            return new LoadedModel(name, version, source, directory, savedModel, signature, closer);
        } catch (RuntimeException e) {
            savedModel.close();
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, e,
                    "model '" + name + "' in " + directory + ": " + e.getMessage());
        }
    }

    String name() {
        return this.name;
    }

    String version() {
        return this.version;
    }

    Source source() {
        return this.source;
    }

    Path directory() {
        return this.directory;
    }

    ModelSignature signature() {
        return this.signature;
    }

    ModelInfo info() {
        return this.info;
    }

    /** @return true when the reference was taken; false when this version is already closed or closing */
    boolean acquire() {
        while (true) {
            int current = this.references.get();
            if (current == 0) {
                return false;
            }
            if (this.references.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Drops a reference; the last one closes the native handles. */
    void release() {
        if (this.references.decrementAndGet() == 0) {
            this.closer.accept(this::closeNow);
        }
    }

    /**
     * Waits until the native handles are closed.
     *
     * @return false when they are not closed within the timeout
     */
    boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        return this.closed.await(timeout, unit);
    }

    private void closeNow() {
        try {
            this.savedModel.close();
            LOG.info("model '{}' version {} closed (session and graph released)", this.name, this.version);
        } catch (RuntimeException e) {
            LOG.warn("model '{}' version {}: closing failed", this.name, this.version, e);
        } finally {
            this.closed.countDown();
        }
    }

    /**
     * Runs the model on float rows (fast path). The caller holds a reference and has validated the shape.
     *
     * @param input row-major values
     * @param shape their shape, batch dimension included
     * @return the output values, row-major
     */
    float[] runFloats(float[] input, long[] shape) {
        try (TFloat32 in = TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(input, true, false));
                Result result = this.session.runner().feed(this.inputEndpoints.get(0), in)
                        .fetch(this.outputEndpoints.get(0)).run()) {
            org.tensorflow.Tensor out = result.get(0);
            float[] values = new float[(int) out.shape().size()];
            out.asRawTensor().data().asFloats().read(values);
            return values;
        }
    }

    /**
     * Runs the model on Kura tensors that {@link TensorValidation} accepted, in signature input order.
     *
     * @param inputs one tensor per signature input, in signature order
     * @return one tensor per signature output, in signature order, with the actual output shapes
     */
    List<Tensor> runKura(List<Tensor> inputs) {
        List<org.tensorflow.Tensor> created = new ArrayList<>(inputs.size());
        try {
            Session.Runner runner = this.session.runner();
            for (int i = 0; i < inputs.size(); i++) {
                ModelSignature.Entry entry = this.signature.inputs().get(i);
                Tensor input = inputs.get(i);
                Shape shape = entry.scalar() ? Shape.scalar()
                        : Shape.of(input.getDescriptor().getShape().stream().mapToLong(Long::longValue).toArray());
                org.tensorflow.Tensor tensor = entry.type().toTensor(shape, input.getData(entry.type().elementClass())
                        .orElseThrow());
                created.add(tensor);
                runner.feed(this.inputEndpoints.get(i), tensor);
            }
            for (Output<?> output : this.outputEndpoints) {
                runner.fetch(output);
            }
            try (Result result = runner.run()) {
                List<Tensor> outputs = new ArrayList<>(this.outputEndpoints.size());
                for (int i = 0; i < this.outputEndpoints.size(); i++) {
                    ModelSignature.Entry entry = this.signature.outputs().get(i);
                    org.tensorflow.Tensor out = result.get(i);
                    outputs.add(kuraTensor(entry, out));
                }
                return outputs;
            }
        } finally {
            for (org.tensorflow.Tensor tensor : created) {
                tensor.close();
            }
        }
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static Tensor kuraTensor(ModelSignature.Entry entry, org.tensorflow.Tensor out) {
        List<Long> shape = new ArrayList<>();
        for (long dimension : out.shape().asArray()) {
            shape.add(dimension);
        }
        if (shape.isEmpty()) {
            shape.add(1L); // a scalar: Kura's descriptors need a shape that is not empty
        }
        TensorDescriptor descriptor = TensorDescriptor.builder(entry.name(), entry.type().kuraName(), shape).build();
        return new Tensor((Class) entry.type().elementClass(), descriptor, entry.type().fromTensor(out));
    }

    @Override
    public String toString() {
        return this.name + " " + this.version + " (" + this.source + ", " + this.directory + ")";
    }
}
