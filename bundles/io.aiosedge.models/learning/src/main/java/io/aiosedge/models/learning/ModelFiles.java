package io.aiosedge.models.learning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TString;

/**
 * What {@link TrainableModel} reads from and writes to disk: opening a SavedModel and checking that it is a
 * trainable one, exporting a SavedModel, saving and restoring a checkpoint; and the session configuration.
 * Static and stateless, holds no lock: the methods that take a session are called only from TrainableModel's
 * synchronized methods, under the model's lock.
 */
final class ModelFiles {

    private ModelFiles() {
    }

    /** @throws IllegalArgumentException unless 1 ≤ threads ≤ 64 */
    static ConfigProto config(int threads) {
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("TensorFlow threads must be 1-64, not " + threads);
        }
        return ConfigProto.newBuilder().setIntraOpParallelismThreads(threads).setInterOpParallelismThreads(threads)
                .build();
    }

    /**
     * Loads the SavedModel in the folder with tag {@code serve}.
     *
     * @throws IOException naming the folder when it holds no {@code saved_model.pb} or TensorFlow cannot load it
     *         (a bad thread count is reported the same way)
     */
    static SavedModelBundle open(Path directory, int threads) throws IOException {
        if (!Files.isRegularFile(directory.resolve("saved_model.pb"))) {
            throw new IOException("no SavedModel in " + directory + " (expected " + directory.resolve("saved_model.pb") + ")");
        }
        try {
            return SavedModelBundle.loader(directory.toString()).withTags("serve").withConfigProto(config(threads)).load();
        } catch (RuntimeException e) {
            throw new IOException("corrupt or unreadable SavedModel in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks that a loaded SavedModel is one {@link TrainableModel#export} wrote and reads its network.
     *
     * @return the network its description node names
     * @throws IOException naming the folder when a signature, the network description or a variable is missing
     */
    static WindowNetwork trainableNetwork(Path directory, SavedModelBundle bundle) throws IOException {
        Map<String, SignatureDef> defs = bundle.metaGraphDef().getSignatureDefMap();
        for (String required : List.of(TrainableModel.SERVING, TrainableModel.TRAIN_STEP, TrainableModel.EVALUATE)) {
            if (!defs.containsKey(required)) {
                throw new IOException("the SavedModel in " + directory + " is not trainable: no '" + required
                        + "' signature (it has " + new TreeSet<>(defs.keySet()) + ")");
            }
        }
        if (bundle.graph().operation(TrainableModel.NETWORK_NODE) == null) {
            throw new IOException("the SavedModel in " + directory + " has no network description ('"
                    + TrainableModel.NETWORK_NODE + "'): not written by TrainableModel");
        }
        WindowNetwork network;
        try (Result result = bundle.session().runner().fetch(TrainableModel.NETWORK_NODE).run()) {
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
        return network;
    }

    /** Saves every variable of the session as a checkpoint; see {@link TrainableModel#saveWeights}. */
    static void saveCheckpoint(Session session, Path prefix) throws IOException {
        Path parent = prefix.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            session.save(prefix.toString());
        } catch (RuntimeException e) {
            throw new IOException("cannot save weights to " + prefix + ": " + e.getMessage(), e);
        }
    }

    /** Restores a checkpoint into the session; see {@link TrainableModel#restoreWeights}. */
    static void restoreCheckpoint(Session session, Path prefix) throws IOException {
        if (!Files.isRegularFile(Path.of(prefix + ".index"))) {
            throw new IOException("no checkpoint at " + prefix + " (expected " + prefix + ".index)");
        }
        try {
            session.restore(prefix.toString());
        } catch (RuntimeException e) {
            throw new IOException("checkpoint " + prefix + " does not fit this model: " + e.getMessage(), e);
        }
    }

    /** Writes the session's graph and variables as a SavedModel with the signatures; see {@link TrainableModel#export}. */
    static void export(Path directory, List<Signature> signatures, Session session) throws IOException {
        if (Files.isDirectory(directory)) {
            try (var entries = Files.list(directory)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException("will not export into " + directory + ": it is not empty");
                }
            }
        }
        SavedModelBundle.Exporter exporter = SavedModelBundle.exporter(directory.toString());
        for (Signature signature : signatures) {
            exporter.withFunction(SessionFunction.create(signature, session));
        }
        exporter.export();
    }
}
