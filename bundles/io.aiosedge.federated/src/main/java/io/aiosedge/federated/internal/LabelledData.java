package io.aiosedge.federated.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Labelled windows: rows of samples and a 0/1 label each. {@link #read} takes a text file of lines
 * {@code label,s1,...,sN} (blank lines and lines starting with {@code #} skipped) and keeps the last {@code most}.
 *
 * @param windows rows of the same width
 * @param labels 0 (normal) or 1 (anomalous), one per row
 */
public record LabelledData(float[][] windows, int[] labels) {

    /** @throws IllegalArgumentException when the counts differ or a label is not 0 or 1 */
    public LabelledData {
        if (windows.length != labels.length) {
            throw new IllegalArgumentException(windows.length + " windows but " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("label " + i + " is " + labels[i] + ", not 0 or 1");
            }
        }
    }

    public int count() {
        return labels.length;
    }

    /**
     * @param file the file
     * @param width samples per window the model takes
     * @param most how many of the last lines to keep (≥ 1)
     * @throws IOException naming the file and line when a line is not {@code label} and {@code width} numbers
     */
    public static LabelledData read(Path file, int width, int most) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no file " + file);
        }
        Deque<float[]> rows = new ArrayDeque<>();
        Deque<Integer> labels = new ArrayDeque<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                String text = line.trim();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                String[] fields = text.split(",");
                if (fields.length != width + 1) {
                    throw new IOException(file + " line " + number + ": " + (fields.length - 1) + " samples, the model"
                            + " takes " + width);
                }
                float[] row = new float[width];
                int label;
                try {
                    label = Integer.parseInt(fields[0].trim());
                    for (int i = 0; i < width; i++) {
                        row[i] = Float.parseFloat(fields[i + 1].trim());
                        if (!Float.isFinite(row[i])) {
                            throw new NumberFormatException("sample " + (i + 1) + " is not finite");
                        }
                    }
                } catch (NumberFormatException e) {
                    throw new IOException(file + " line " + number + ": " + e.getMessage());
                }
                if (label != 0 && label != 1) {
                    throw new IOException(file + " line " + number + ": label " + label + " is not 0 or 1");
                }
                rows.addLast(row);
                labels.addLast(label);
                if (rows.size() > most) {
                    rows.removeFirst();
                    labels.removeFirst();
                }
            }
        }
        return new LabelledData(rows.toArray(float[][]::new), labels.stream().mapToInt(Integer::intValue).toArray());
    }
}
