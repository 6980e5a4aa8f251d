package io.aiosedge.learning.cloud.internal;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The old-condition data: labelled windows of the conditions the deployed model was trained for, one per line,
 * {@code <label 0 or 1>,<sample 1>,…,<sample n>}; lines starting with {@code #} and blank lines are skipped. The
 * trainer uses them as replay data and, for a fixed slice, as the old part of its validation set.
 */
final class LabelledWindowFile {

    private LabelledWindowFile() {
    }

    /**
     * @param file the file
     * @param width samples per window
     * @return the windows as examples of gateway "" with task id {@code old-<line>}
     * @throws IOException naming the file and line when a line is malformed
     */
    static List<TrainingExample> read(Path file, int width) throws IOException {
        List<TrainingExample> examples = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                line = line.trim();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split(",");
                if (fields.length != width + 1) {
                    throw new IOException(file + " line " + n + ": " + fields.length + " values, expected a label and "
                            + width + " samples");
                }
                float[] window = new float[width];
                int label;
                try {
                    label = Integer.parseInt(fields[0].trim());
                    for (int i = 0; i < width; i++) {
                        window[i] = Float.parseFloat(fields[i + 1].trim());
                        if (!Float.isFinite(window[i])) {
                            throw new NumberFormatException("not finite: " + fields[i + 1]);
                        }
                    }
                } catch (NumberFormatException e) {
                    throw new IOException(file + " line " + n + ": " + e.getMessage(), e);
                }
                if (label != 0 && label != 1) {
                    throw new IOException(file + " line " + n + ": label " + label + " is not 0 or 1");
                }
                examples.add(new TrainingExample(0, "", "old-" + n, 0, window, label));
            }
        }
        return examples;
    }

    /** Writes windows and labels in the format {@link #read} reads. */
    static void write(Path file, float[][] windows, int[] labels) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("# label,samples...\n");
            for (int i = 0; i < windows.length; i++) {
                StringBuilder line = new StringBuilder().append(labels[i]);
                for (float v : windows[i]) {
                    line.append(',').append(String.format(Locale.ROOT, "%.6g", v));
                }
                out.write(line.append('\n').toString());
            }
        }
    }
}
