package io.aiosedge.models.learning;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * A {@link WindowNetwork} in a TensorFlow session with its weights as variables, trainable in-process: predict,
 * one Adam step on binary cross-entropy (targets may be soft, for distillation), the loss without a step, weights
 * read, replaced, saved to and restored from a checkpoint, and export as a SavedModel that any TensorFlow runtime
 * serves ({@code serving_default}: {@code window} FP32 {@code [-1, width]} → {@code anomaly} FP32 {@code [-1, 1]})
 * and that {@link #load} opens again for more training ({@code train_step}: {@code window}, {@code label} FP32
 * {@code [-1, 1]}, {@code learning_rate} FP32 scalar → {@code loss}, the batch's mean cross-entropy before the
 * step; {@code evaluate}: {@code window}, {@code label} → {@code loss}).
 *
 * <p>The optimiser is TensorFlow's own {@code ApplyAdam} on gradients from the graph ({@code Graph.addGradients});
 * its moments are variables too, so a checkpoint or an export carries the optimiser state. Built with one
 * TensorFlow thread by default, so the same seed and data give the same weights. Not for concurrent use: every
 * method is synchronized. Close it to free the native graph and session.
 *
 * <p>The graph is built by {@link TrainingGraph}, files are read and written by {@link ModelFiles}, batches are
 * checked and copied by {@link BatchTensors}; this class owns the session and its lock.
 */
public final class TrainableModel implements AutoCloseable {

    /** Signature of one training step. */
    public static final String TRAIN_STEP = "train_step";
    /** Signature of the loss without a step. */
    public static final String EVALUATE = "evaluate";
    /** Signature that serves. */
    public static final String SERVING = "serving_default";
    /** Graph node holding {@link WindowNetwork#encode()}. */
    static final String NETWORK_NODE = "aios_network";

    private final WindowNetwork network;
    private final Graph graph;
    private final Session session;
    private final SavedModelBundle bundle;
    private final List<NetworkGraph.Parameter> parameters;
    private final List<Signature> signatures;
    private boolean closed;

    private TrainableModel(WindowNetwork network, Graph graph, Session session, SavedModelBundle bundle,
            List<Signature> signatures) {
        this.network = network;
        this.graph = graph;
        this.session = session;
        this.bundle = bundle;
        this.parameters = NetworkGraph.parameters(network);
        this.signatures = List.copyOf(signatures);
    }

    /**
     * Builds an untrained model; initial weights are He-normal from {@code seed}, biases 0.
     *
     * @param network the network
     * @param seed seed of the initial weights
     * @return the model, one TensorFlow thread
     */
    public static TrainableModel create(WindowNetwork network, long seed) {
        return create(network, seed, 1);
    }

    /**
     * @param network the network
     * @param seed seed of the initial weights
     * @param threads TensorFlow threads (1-64; more than 1 may change the last bits between runs)
     * @return the model
     */
    public static synchronized TrainableModel create(WindowNetwork network, long seed, int threads) {
        ConfigProto config = ModelFiles.config(threads);
        Graph graph = new Graph();
        Session session = null;
        try {
            List<NetworkGraph.Parameter> parameters = NetworkGraph.parameters(network);
            TrainingGraph training = TrainingGraph.build(Ops.create(graph), network, parameters);
            session = new Session(graph, config);
            session.initialize();
            List<Signature> signatures = training.signatures();
            TrainableModel model = new TrainableModel(network, graph, session, null, signatures);
            model.setWeights(TrainingGraph.initialWeights(parameters, seed));
            return model;
        } catch (RuntimeException e) {
            if (session != null) {
                session.close();
            }
            graph.close();
            throw e;
        }
    }

    /**
     * Opens a SavedModel that {@link #export} wrote, for serving and more training.
     *
     * @param directory the SavedModel folder
     * @return the model, one TensorFlow thread
     * @throws IOException naming the folder when it is no SavedModel, or one without a {@value #TRAIN_STEP}
     *         signature or network description (e.g. a frozen or int8 model)
     */
    public static TrainableModel load(Path directory) throws IOException {
        return load(directory, 1);
    }

    /**
     * @param directory the SavedModel folder
     * @param threads TensorFlow threads (1-64)
     * @return the model
     * @throws IOException see {@link #load(Path)}
     */
    public static TrainableModel load(Path directory, int threads) throws IOException {
        SavedModelBundle bundle = ModelFiles.open(directory, threads);
        try {
            WindowNetwork network = ModelFiles.trainableNetwork(directory, bundle);
            return new TrainableModel(network, bundle.graph(), bundle.session(), bundle, bundle.signatures());
        } catch (IOException | RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    /** @return the network this model computes */
    public WindowNetwork network() {
        return this.network;
    }

    /** @return trainable parameters (kernels and biases; the optimiser's moments not counted) */
    public long parameters() {
        return this.network.parameters();
    }

    /**
     * @param windows rows of {@link WindowNetwork#width()} samples
     * @return one anomaly probability per row
     */
    public synchronized float[] predict(float[][] windows) {
        checkOpen();
        try (TFloat32 input = windowTensor(windows);
                Result result = this.session.runner().feed(tensor(SERVING, "window", true), input)
                        .fetch(tensor(SERVING, "anomaly", false)).run()) {
            float[] out = new float[windows.length];
            result.get(0).asRawTensor().data().asFloats().read(out);
            return out;
        }
    }

    /**
     * One Adam step on a batch.
     *
     * @param windows rows of {@link WindowNetwork#width()} samples
     * @param targets one target per row, in [0, 1] (0/1 labels, or a teacher's probabilities)
     * @param learningRate Adam step size (finite, &gt; 0)
     * @return the batch's mean cross-entropy before the step, nats
     */
    public synchronized float trainStep(float[][] windows, float[] targets, float learningRate) {
        checkOpen();
        if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a finite number > 0, not " + learningRate);
        }
        try (TFloat32 input = windowTensor(windows); TFloat32 label = BatchTensors.targets(targets, windows.length);
                TFloat32 rate = TFloat32.scalarOf(learningRate);
                Result result = this.session.runner().feed(tensor(TRAIN_STEP, "window", true), input)
                        .feed(tensor(TRAIN_STEP, "label", true), label)
                        .feed(tensor(TRAIN_STEP, "learning_rate", true), rate)
                        .fetch(tensor(TRAIN_STEP, "loss", false)).run()) {
            return ((TFloat32) result.get(0)).getFloat();
        }
    }

    /**
     * @param windows rows of {@link WindowNetwork#width()} samples
     * @param targets one target per row, in [0, 1]
     * @return the mean cross-entropy, nats; nothing is trained
     */
    public synchronized float loss(float[][] windows, float[] targets) {
        checkOpen();
        try (TFloat32 input = windowTensor(windows); TFloat32 label = BatchTensors.targets(targets, windows.length);
                Result result = this.session.runner().feed(tensor(EVALUATE, "window", true), input)
                        .feed(tensor(EVALUATE, "label", true), label)
                        .fetch(tensor(EVALUATE, "loss", false)).run()) {
            return ((TFloat32) result.get(0)).getFloat();
        }
    }

    /** @return every parameter by name ({@code conv1_kernel}, …), values row-major, in graph order */
    public synchronized Map<String, float[]> weights() {
        checkOpen();
        Session.Runner runner = this.session.runner();
        for (NetworkGraph.Parameter p : this.parameters) {
            runner.fetch(p.name());
        }
        Map<String, float[]> weights = new LinkedHashMap<>();
        try (Result result = runner.run()) {
            for (int i = 0; i < this.parameters.size(); i++) {
                float[] values = new float[this.parameters.get(i).size()];
                result.get(i).asRawTensor().data().asFloats().read(values);
                weights.put(this.parameters.get(i).name(), values);
            }
        }
        return weights;
    }

    /** @return the shape of each parameter by name, in graph order */
    public Map<String, long[]> shapes() {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (NetworkGraph.Parameter p : this.parameters) {
            shapes.put(p.name(), p.shape().clone());
        }
        return shapes;
    }

    /**
     * Replaces parameters (the optimiser's moments are kept).
     *
     * @param weights values by parameter name; every name must be one of {@link #shapes()} with its size
     * @throws IllegalArgumentException naming an unknown parameter, a wrong size or a value that is not finite
     */
    public synchronized void setWeights(Map<String, float[]> weights) {
        checkOpen();
        Map<String, NetworkGraph.Parameter> byName = new LinkedHashMap<>();
        this.parameters.forEach(p -> byName.put(p.name(), p));
        List<TFloat32> created = new ArrayList<>();
        try {
            Session.Runner runner = this.session.runner();
            for (Map.Entry<String, float[]> e : weights.entrySet()) {
                NetworkGraph.Parameter p = byName.get(e.getKey());
                if (p == null) {
                    throw new IllegalArgumentException("no parameter '" + e.getKey() + "'; the model has " + byName.keySet());
                }
                float[] values = e.getValue();
                if (values == null || values.length != p.size()) {
                    throw new IllegalArgumentException("parameter '" + p.name() + "' takes " + p.size() + " values "
                            + Arrays.toString(p.shape()) + ", not " + (values == null ? "null" : values.length));
                }
                for (float v : values) {
                    if (!Float.isFinite(v)) {
                        throw new IllegalArgumentException("parameter '" + p.name() + "' holds a value that is not finite");
                    }
                }
                TFloat32 t = TFloat32.tensorOf(Shape.of(p.shape()), DataBuffers.of(values, true, false));
                created.add(t);
                runner.feed(p.name() + "_value", t).addTarget(p.name() + "_assign");
            }
            if (!created.isEmpty()) {
                runner.run();
            }
        } finally {
            created.forEach(TFloat32::close);
        }
    }

    /**
     * Saves every variable (weights and optimiser state) as a TensorFlow checkpoint.
     *
     * @param prefix checkpoint prefix, e.g. {@code dir/weights} (writes {@code weights.index}, {@code weights.data-*})
     * @throws IOException naming the prefix when TensorFlow cannot write it
     */
    public synchronized void saveWeights(Path prefix) throws IOException {
        checkOpen();
        ModelFiles.saveCheckpoint(this.session, prefix);
    }

    /**
     * Restores what {@link #saveWeights} wrote for this network.
     *
     * @param prefix the checkpoint prefix
     * @throws IOException naming the prefix when there is no checkpoint or it does not fit this network
     */
    public synchronized void restoreWeights(Path prefix) throws IOException {
        checkOpen();
        ModelFiles.restoreCheckpoint(this.session, prefix);
    }

    /**
     * Writes a SavedModel with the current weights and all three signatures; it serves anywhere and opens with
     * {@link #load} for more training.
     *
     * @param directory a folder that does not exist yet or is empty
     * @throws IOException naming the folder when it is not empty or cannot be written
     */
    public synchronized void export(Path directory) throws IOException {
        checkOpen();
        ModelFiles.export(directory, this.signatures, this.session);
    }

    private String tensor(String signature, String key, boolean input) {
        for (Signature s : this.signatures) {
            if (s.key().equals(signature)) {
                Signature.TensorDescription d = (input ? s.getInputs() : s.getOutputs()).get(key);
                if (d != null) {
                    return d.name;
                }
            }
        }
        throw new IllegalStateException("signature '" + signature + "' has no " + (input ? "input" : "output") + " '" + key + "'");
    }

    private TFloat32 windowTensor(float[][] windows) {
        return BatchTensors.windows(windows, this.network.width());
    }

    private void checkOpen() {
        if (this.closed) {
            throw new IllegalStateException("the model is closed");
        }
    }

    @Override
    public synchronized void close() {
        if (this.closed) {
            return;
        }
        this.closed = true;
        if (this.bundle != null) {
            this.bundle.close();
        } else {
            this.session.close();
            this.graph.close();
        }
    }
}
