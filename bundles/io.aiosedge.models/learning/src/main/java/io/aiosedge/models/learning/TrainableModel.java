package io.aiosedge.models.learning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

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

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float ADAM_EPSILON = 1e-7f;

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
        ConfigProto config = config(threads);
        Graph graph = new Graph();
        Session session = null;
        try {
            Ops tf = Ops.create(graph);
            int width = network.width();
            Placeholder<TFloat32> window = tf.withName("window").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, width)));
            Placeholder<TFloat32> label = tf.withName("label").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, 1)));
            Placeholder<TFloat32> learningRate = tf.withName("learning_rate").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.scalar()));
            tf.withName(NETWORK_NODE).constant(network.encode());

            List<NetworkGraph.Parameter> parameters = NetworkGraph.parameters(network);
            List<Variable<TFloat32>> variables = new ArrayList<>();
            for (NetworkGraph.Parameter p : parameters) {
                Variable<TFloat32> v = tf.withName(p.name()).variable(Shape.of(p.shape()), TFloat32.class);
                variables.add(v);
                // Weights are set by feeding these assigns (creation, setWeights): no copy of them in the graph.
                Placeholder<TFloat32> value = tf.withName(p.name() + "_value").placeholder(TFloat32.class,
                        Placeholder.shape(Shape.of(p.shape())));
                tf.withName(p.name() + "_assign").assign(v, value);
            }
            int[] next = {0};
            Operand<TFloat32> logits = NetworkGraph.logits(tf, network, window, p -> variables.get(next[0]++));
            Operand<TFloat32> anomaly = tf.withName("anomaly").math.sigmoid(logits);
            // Binary cross-entropy on logits, stable for any sign: max(z, 0) − z·y + log(1 + e^−|z|).
            Operand<TFloat32> perRow = tf.math.add(tf.math.sub(tf.math.maximum(logits, tf.constant(0f)),
                    tf.math.mul(logits, label)), tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits)))));
            Operand<TFloat32> loss = tf.withName("loss").math.mean(perRow, tf.constant(new int[] {0, 1}));

            Gradients gradients = tf.gradients(loss, variables);
            Variable<TFloat32> beta1Power = tf.withName("adam_beta1_power").variable(tf.constant(BETA1));
            Variable<TFloat32> beta2Power = tf.withName("adam_beta2_power").variable(tf.constant(BETA2));
            List<Op> gradientOps = new ArrayList<>();
            for (int i = 0; i < variables.size(); i++) {
                gradientOps.add(tf.identity(gradients.<TFloat32>dy(i)));
            }
            // Every update waits for every gradient: a backward op still reading a weight must not see it updated.
            Ops afterGradients = tf.withControlDependencies(gradientOps);
            List<Op> updates = new ArrayList<>();
            for (int i = 0; i < variables.size(); i++) {
                Variable<TFloat32> v = variables.get(i);
                String name = parameters.get(i).name();
                Variable<TFloat32> m = tf.withName(name + "_adam_m").variable(tf.zerosLike(v));
                Variable<TFloat32> s = tf.withName(name + "_adam_v").variable(tf.zerosLike(v));
                updates.add(afterGradients.train.applyAdam(v, m, s, beta1Power, beta2Power, learningRate,
                        afterGradients.constant(BETA1), afterGradients.constant(BETA2),
                        afterGradients.constant(ADAM_EPSILON), gradients.<TFloat32>dy(i)));
            }
            Ops afterUpdates = tf.withControlDependencies(updates);
            Op b1 = afterUpdates.assign(beta1Power, afterUpdates.math.mul(beta1Power, afterUpdates.constant(BETA1)));
            Op b2 = afterUpdates.assign(beta2Power, afterUpdates.math.mul(beta2Power, afterUpdates.constant(BETA2)));
            Operand<TFloat32> stepLoss = tf.withControlDependencies(List.of(b1, b2)).withName("train_loss").identity(loss);

            session = new Session(graph, config);
            session.initialize();
            List<Signature> signatures = List.of(
                    Signature.builder().key(SERVING).input("window", window).output("anomaly", anomaly).build(),
                    Signature.builder().key(TRAIN_STEP).input("window", window).input("label", label)
                            .input("learning_rate", learningRate).output("loss", stepLoss).build(),
                    Signature.builder().key(EVALUATE).input("window", window).input("label", label)
                            .output("loss", loss).build());
            TrainableModel model = new TrainableModel(network, graph, session, null, signatures);
            model.setWeights(initialWeights(parameters, seed));
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
        if (!Files.isRegularFile(directory.resolve("saved_model.pb"))) {
            throw new IOException("no SavedModel in " + directory + " (expected " + directory.resolve("saved_model.pb") + ")");
        }
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.loader(directory.toString()).withTags("serve").withConfigProto(config(threads)).load();
        } catch (RuntimeException e) {
            throw new IOException("corrupt or unreadable SavedModel in " + directory + ": " + e.getMessage(), e);
        }
        try {
            Map<String, SignatureDef> defs = bundle.metaGraphDef().getSignatureDefMap();
            for (String required : List.of(SERVING, TRAIN_STEP, EVALUATE)) {
                if (!defs.containsKey(required)) {
                    throw new IOException("the SavedModel in " + directory + " is not trainable: no '" + required
                            + "' signature (it has " + new java.util.TreeSet<>(defs.keySet()) + ")");
                }
            }
            if (bundle.graph().operation(NETWORK_NODE) == null) {
                throw new IOException("the SavedModel in " + directory + " has no network description ('"
                        + NETWORK_NODE + "'): not written by TrainableModel");
            }
            WindowNetwork network;
            try (Result result = bundle.session().runner().fetch(NETWORK_NODE).run()) {
                network = WindowNetwork.parse(((TString) result.get(0)).getObject());
            } catch (IllegalArgumentException e) {
                throw new IOException("the SavedModel in " + directory + ": " + e.getMessage(), e);
            }
            for (NetworkGraph.Parameter p : NetworkGraph.parameters(network)) {
                if (bundle.graph().operation(p.name()) == null || bundle.graph().operation(p.name() + "_assign") == null) {
                    throw new IOException("the SavedModel in " + directory + " lacks the variable '" + p.name()
                            + "' its network description names");
                }
            }
            return new TrainableModel(network, bundle.graph(), bundle.session(), bundle, bundle.signatures());
        } catch (IOException | RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    private static ConfigProto config(int threads) {
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("TensorFlow threads must be 1-64, not " + threads);
        }
        return ConfigProto.newBuilder().setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(threads)
                .build();
    }

    private static Map<String, float[]> initialWeights(List<NetworkGraph.Parameter> parameters, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (NetworkGraph.Parameter p : parameters) {
            float[] values = new float[p.size()];
            if (!p.bias()) {
                double scale = Math.sqrt(2.0 / p.fanIn());
                for (int i = 0; i < values.length; i++) {
                    double u = 1 - random.nextDouble();
                    double v = random.nextDouble();
                    values[i] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v) * scale);
                }
            }
            weights.put(p.name(), values);
        }
        return weights;
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
        try (TFloat32 input = windowTensor(windows); TFloat32 label = targetTensor(targets, windows.length);
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
        try (TFloat32 input = windowTensor(windows); TFloat32 label = targetTensor(targets, windows.length);
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
        Path parent = prefix.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            this.session.save(prefix.toString());
        } catch (RuntimeException e) {
            throw new IOException("cannot save weights to " + prefix + ": " + e.getMessage(), e);
        }
    }

    /**
     * Restores what {@link #saveWeights} wrote for this network.
     *
     * @param prefix the checkpoint prefix
     * @throws IOException naming the prefix when there is no checkpoint or it does not fit this network
     */
    public synchronized void restoreWeights(Path prefix) throws IOException {
        checkOpen();
        if (!Files.isRegularFile(Path.of(prefix + ".index"))) {
            throw new IOException("no checkpoint at " + prefix + " (expected " + prefix + ".index)");
        }
        try {
            this.session.restore(prefix.toString());
        } catch (RuntimeException e) {
            throw new IOException("checkpoint " + prefix + " does not fit this model: " + e.getMessage(), e);
        }
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
        if (Files.isDirectory(directory)) {
            try (var entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException("will not export into " + directory + ": it is not empty");
                }
            }
        }
        SavedModelBundle.Exporter exporter = SavedModelBundle.exporter(directory.toString());
        for (Signature signature : this.signatures) {
            exporter.withFunction(SessionFunction.create(signature, this.session));
        }
        exporter.export();
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
        int width = this.network.width();
        if (windows == null || windows.length == 0) {
            throw new IllegalArgumentException("no windows given (at least one row of " + width + " samples)");
        }
        float[] flat = new float[windows.length * width];
        for (int i = 0; i < windows.length; i++) {
            if (windows[i] == null || windows[i].length != width) {
                throw new IllegalArgumentException("window " + i + " has " + (windows[i] == null ? "no" : windows[i].length)
                        + " samples; the model takes " + width);
            }
            for (int j = 0; j < width; j++) {
                if (!Float.isFinite(windows[i][j])) {
                    throw new IllegalArgumentException("window " + i + " sample " + j + " is not finite: " + windows[i][j]);
                }
            }
            System.arraycopy(windows[i], 0, flat, i * width, width);
        }
        return TFloat32.tensorOf(Shape.of(windows.length, width), DataBuffers.of(flat, true, false));
    }

    private static TFloat32 targetTensor(float[] targets, int rows) {
        if (targets == null || targets.length != rows) {
            throw new IllegalArgumentException((targets == null ? "no" : Integer.toString(targets.length))
                    + " targets for " + rows + " windows (one each)");
        }
        for (int i = 0; i < targets.length; i++) {
            if (!(targets[i] >= 0 && targets[i] <= 1)) {
                throw new IllegalArgumentException("target " + i + " must lie in [0, 1], not " + targets[i]);
            }
        }
        return TFloat32.tensorOf(Shape.of(rows, 1), DataBuffers.of(targets, true, false));
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
