package io.aiosedge.inference.tensorflow.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.eclipse.kura.ai.inference.ModelInfo;
import org.eclipse.kura.ai.inference.ModelInfoBuilder;
import org.eclipse.kura.ai.inference.TensorDescriptor;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The serving signature of a SavedModel: its inputs and outputs by signature key, each with the graph tensor
 * it names, its Kura element type and its shape ({@code -1} for a dimension of any size, {@code null} for a
 * tensor of unknown rank). Inputs and outputs are ordered by key.
 *
 * @param key the signature key ({@value #SERVING_DEFAULT} when the model has it)
 * @param inputs the inputs, ordered by key
 * @param outputs the outputs, ordered by key
 */
record ModelSignature(String key, List<Entry> inputs, List<Entry> outputs) {

    /** The signature Kura and TF Serving use by default. */
    static final String SERVING_DEFAULT = "serving_default";

    /** Model parameter holding the serving version's SavedModel folder (absolute path). */
    static final String DIRECTORY_PARAMETER = "directory";
    /** Platform reported in {@link ModelInfo#getPlatform()}. */
    static final String PLATFORM = "tensorflow_savedmodel";

    /**
     * One input or output.
     *
     * @param name the signature key of the tensor, e.g. {@code window}
     * @param tensorName the graph tensor, e.g. {@code window:0}
     * @param type the Kura element type
     * @param shape dimensions, -1 for any size; null when the rank is unknown
     */
    record Entry(String name, String tensorName, ElementType type, long[] shape) {

        /**
         * @return the shape as Kura lists it. Kura's {@code TensorDescriptorBuilder} refuses an empty shape, so a
         *         scalar is listed as {@code [1]} and a tensor of unknown rank as {@code [-1]}
         */
        List<Long> kuraShape() {
            if (this.shape == null) {
                return List.of(-1L);
            }
            if (this.shape.length == 0) {
                return List.of(1L);
            }
            return Arrays.stream(this.shape).boxed().collect(Collectors.toList());
        }

        /** Whether the signature declares a scalar (rank 0). */
        boolean scalar() {
            return this.shape != null && this.shape.length == 0;
        }

        /** @return e.g. {@code window FP32 [-1, 64]} */
        String describe() {
            return this.name + " " + this.type.kuraName() + " " + (this.shape == null ? "[?]" : Arrays.toString(this.shape));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Entry e && e.name.equals(this.name) && e.tensorName.equals(this.tensorName)
                    && e.type == this.type && Arrays.equals(e.shape, this.shape);
        }

        @Override
        public int hashCode() {
            return this.name.hashCode() * 31 + Arrays.hashCode(this.shape);
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    ModelSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /**
     * Reads the serving signature: {@value #SERVING_DEFAULT}, or the only signature when there is one.
     *
     * @param metaGraph the SavedModel's meta graph
     * @return the signature
     * @throws IllegalArgumentException when there is no such signature, or it has no input or no output
     */
    static ModelSignature of(MetaGraphDef metaGraph) {
        Map<String, SignatureDef> signatures = metaGraph.getSignatureDefMap();
        String key;
        if (signatures.containsKey(SERVING_DEFAULT)) {
            key = SERVING_DEFAULT;
        } else if (signatures.size() == 1) {
            key = signatures.keySet().iterator().next();
        } else {
            throw new IllegalArgumentException("no '" + SERVING_DEFAULT + "' signature; the model has "
                    + new TreeMap<>(signatures).keySet());
        }
        SignatureDef def = signatures.get(key);
        List<Entry> inputs = entries(def.getInputsMap());
        List<Entry> outputs = entries(def.getOutputsMap());
        if (inputs.isEmpty() || outputs.isEmpty()) {
            throw new IllegalArgumentException("signature '" + key + "' has " + inputs.size() + " inputs and "
                    + outputs.size() + " outputs; at least one of each is needed");
        }
        return new ModelSignature(key, inputs, outputs);
    }

    private static List<Entry> entries(Map<String, TensorInfo> infos) {
        List<Entry> entries = new ArrayList<>();
        new TreeMap<>(infos).forEach((name, info) -> entries
                .add(new Entry(name, info.getName(), ElementType.of(info.getDtype()), shape(info.getTensorShape()))));
        return Collections.unmodifiableList(entries);
    }

    private static long[] shape(TensorShapeProto proto) {
        if (proto.getUnknownRank()) {
            return null;
        }
        return proto.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
    }

    /** @return the input with that key, or null */
    Entry input(String name) {
        return find(this.inputs, name);
    }

    private static Entry find(List<Entry> entries, String name) {
        for (Entry entry : entries) {
            if (entry.name.equals(name)) {
                return entry;
            }
        }
        return null;
    }

    /**
     * Whether this signature suits the float fast path: one FP32 input and one FP32 output.
     *
     * @return null when it does, else why not
     */
    String fastPathProblem() {
        if (this.inputs.size() != 1 || this.outputs.size() != 1) {
            return "the fast path needs one input and one output, the model has " + this.inputs.size()
                    + " inputs and " + this.outputs.size() + " outputs";
        }
        if (this.inputs.get(0).type != ElementType.FP32 || this.outputs.get(0).type != ElementType.FP32) {
            return "the fast path needs FP32 tensors, the model has " + this.inputs.get(0).describe() + " -> "
                    + this.outputs.get(0).describe();
        }
        return null;
    }

    /**
     * Whether requests can be coalesced along the first dimension: one input and one output whose first
     * dimension is of any size.
     *
     * @return true when batching applies
     */
    boolean batchable() {
        return fastPathProblem() == null && isBatchDimension(this.inputs.get(0).shape)
                && isBatchDimension(this.outputs.get(0).shape);
    }

    private static boolean isBatchDimension(long[] shape) {
        return shape != null && shape.length >= 1 && shape[0] == -1;
    }

    /**
     * @param name the model name
     * @param version the model version
     * @param directory the SavedModel folder it was loaded from: parameter {@value #DIRECTORY_PARAMETER}, so that
     *        a caller can load this version again later with {@code loadModel(name, Optional.of(directory))}
     *        (the gateway's automatic rollback does)
     * @return Kura's description of the model
     */
    ModelInfo toModelInfo(String name, String version, java.nio.file.Path directory) {
        ModelInfoBuilder builder = ModelInfo.builder(name).platform(PLATFORM).version(version)
                .addParameter("signature", this.key)
                .addParameter(DIRECTORY_PARAMETER, directory.toAbsolutePath().toString());
        for (Entry input : this.inputs) {
            builder.addInputDescriptor(descriptor(input));
        }
        for (Entry output : this.outputs) {
            builder.addOutputDescriptor(descriptor(output));
        }
        return builder.build();
    }

    private static TensorDescriptor descriptor(Entry entry) {
        return TensorDescriptor.builder(entry.name, entry.type.kuraName(), entry.kuraShape())
                .addParameter("tensor", entry.tensorName)
                .build();
    }

    /** @return e.g. {@code window FP32 [-1, 64] -> anomaly FP32 [-1, 1]} */
    String describe() {
        return this.inputs.stream().map(Entry::describe).collect(Collectors.joining(", ")) + " -> "
                + this.outputs.stream().map(Entry::describe).collect(Collectors.joining(", "));
    }
}
