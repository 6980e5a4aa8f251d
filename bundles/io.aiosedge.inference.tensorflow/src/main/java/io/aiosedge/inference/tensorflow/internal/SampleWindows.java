package io.aiosedge.inference.tensorflow.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.ai.inference.ModelInfo;
import org.eclipse.kura.ai.inference.Tensor;
import org.eclipse.kura.ai.inference.TensorDescriptor;

/**
 * The engine's sample windows ({@code wire.windows}): models without TensorFlow that turn one sample per call
 * into a sliding window, for Kura's AI wire component. That component makes a one-element tensor of each record
 * property, so a WireAsset's channel ({@code vibration = 0.42}) can never fill a model input of 64 samples; set
 * as the component's preprocessor, a window keeps the last {@code size} samples of its input and answers, from
 * the {@code size}-th call on, one FP32 tensor {@code [1, size]} (oldest sample first) named as the model's
 * input, which the component hands to the inference model unchanged. Before it is full a call fails with
 * INVALID_PARAMETER saying how many samples it holds (Kura's component logs that and goes on with the next
 * record). State is per window and engine instance: one AI component per window.
 */
final class SampleWindows {

    /** Platform reported in a window's {@link ModelInfo}. */
    static final String PLATFORM = "aios_sample_window";

    /** Largest window, samples. */
    static final int MAX_SIZE = 65_536;

    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]*";

    /** One window: its model name, the input it reads, its size and the output it answers. */
    static final class Window {
        private final String name;
        private final String input;
        private final int size;
        private final String output;
        private final float[] ring;
        private long seen;

        Window(String name, String input, int size, String output) {
            this.name = name;
            this.input = input;
            this.size = size;
            this.output = output;
            this.ring = new float[size];
        }

        String name() {
            return this.name;
        }

        ModelInfo info() {
            return ModelInfo.builder(this.name).platform(PLATFORM).version(this.input + ":" + this.size + ":" + this.output)
                    .addInputDescriptor(TensorDescriptor.builder(this.input, "FP32", List.of(1L)).build())
                    .addOutputDescriptor(TensorDescriptor.builder(this.output, "FP32", List.of(1L, (long) this.size))
                            .build())
                    .build();
        }

        synchronized List<Tensor> add(List<Tensor> inputs) throws KuraException {
            Tensor tensor = null;
            for (Tensor candidate : inputs == null ? List.<Tensor>of() : inputs) {
                if (candidate != null && candidate.getDescriptor() != null
                        && this.input.equals(candidate.getDescriptor().getName())) {
                    tensor = candidate;
                }
            }
            if (tensor == null) {
                throw invalid("no input tensor '" + this.input + "'");
            }
            Optional<? extends List<?>> data = tensor.getType() == null ? Optional.empty()
                    : tensor.getData(tensor.getType());
            if (data.isEmpty() || data.get().isEmpty()) {
                throw invalid("input '" + this.input + "' holds no elements");
            }
            for (Object element : data.get()) {
                if (!(element instanceof Number)) {
                    throw invalid("input '" + this.input + "' must hold numbers, received "
                            + (element == null ? "null" : element.getClass().getSimpleName()));
                }
            }
            for (Object element : data.get()) {
                this.ring[(int) (this.seen % this.size)] = ((Number) element).floatValue();
                this.seen++;
            }
            if (this.seen < this.size) {
                throw invalid(this.seen + " of " + this.size + " samples of '" + this.input
                        + "' so far; it answers from the " + this.size + "th sample on");
            }
            List<Float> window = new ArrayList<>(this.size);
            for (long k = this.seen - this.size; k < this.seen; k++) {
                window.add(this.ring[(int) (k % this.size)]);
            }
            TensorDescriptor descriptor = TensorDescriptor.builder(this.output, "FP32", List.of(1L, (long) this.size))
                    .build();
            return List.of(new Tensor(Float.class, descriptor, window));
        }

        synchronized void clear() {
            this.seen = 0;
        }

        private KuraException invalid(String detail) {
            return new KuraException(KuraErrorCode.INVALID_PARAMETER, "window '" + this.name + "': " + detail);
        }
    }

    private final Map<String, Window> windows;

    private SampleWindows(Map<String, Window> windows) {
        this.windows = Collections.unmodifiableMap(windows);
    }

    /** @return no windows */
    static SampleWindows none() {
        return new SampleWindows(new LinkedHashMap<>());
    }

    /**
     * Parses {@code <name>=<input>:<size>:<output>} entries separated by commas, semicolons or new lines, e.g.
     * {@code edge-window=vibration:64:window}.
     *
     * @throws IllegalArgumentException naming {@code wire.windows} and the bad entry
     */
    static SampleWindows parse(String value) {
        Map<String, Window> windows = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            return new SampleWindows(windows);
        }
        for (String entry : value.split("[,;\\n]")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            String name = equals < 0 ? "" : trimmed.substring(0, equals).trim();
            String[] parts = equals < 0 ? new String[0] : trimmed.substring(equals + 1).split(":", -1);
            if (!name.matches(NAME) || parts.length != 3 || !parts[0].trim().matches(NAME)
                    || !parts[2].trim().matches(NAME)) {
                throw new IllegalArgumentException("wire.windows: '" + trimmed + "' is not"
                        + " <name>=<input>:<size>:<output> (names: letters, digits, '.', '_', '-'),"
                        + " e.g. edge-window=vibration:64:window");
            }
            int size;
            try {
                size = Integer.parseInt(parts[1].trim());
            } catch (NumberFormatException e) {
                size = 0;
            }
            if (size < 1 || size > MAX_SIZE) {
                throw new IllegalArgumentException("wire.windows: '" + trimmed + "': size '" + parts[1].trim()
                        + "' is not a whole number between 1 and " + MAX_SIZE);
            }
            if (windows.put(name, new Window(name, parts[0].trim(), size, parts[2].trim())) != null) {
                throw new IllegalArgumentException("wire.windows: window '" + name + "' is listed twice");
            }
        }
        return new SampleWindows(windows);
    }

    /** @return the window of that name, or null */
    Window find(String name) {
        return name == null ? null : this.windows.get(name);
    }

    /** @return the windows' names, in configuration order */
    List<String> names() {
        return new ArrayList<>(this.windows.keySet());
    }
}
