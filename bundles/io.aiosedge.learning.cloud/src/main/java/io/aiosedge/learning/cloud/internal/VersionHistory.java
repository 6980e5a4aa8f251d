package io.aiosedge.learning.cloud.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every version the trainer made, with its scores and verdict ({@code versions.tsv}), the order in which versions
 * were deployed ({@code deployments.txt}: the last line is the deployed one), and the trainer's progress
 * ({@code state.txt}: the last example sequence trained on, the time of the last run). Each file is rewritten
 * whole (temporary file, forced, atomic rename) on every change, so a crash leaves the old or the new content.
 */
final class VersionHistory {

    private final Path directory;
    private final List<ModelVersion> versions = new ArrayList<>();
    private final List<Integer> deployments = new ArrayList<>();
    private long trainedThrough;
    private long lastRunMillis;

    VersionHistory(Path directory) throws IOException {
        this.directory = directory;
        Files.createDirectories(directory);
        Path file = directory.resolve("versions.tsv");
        if (Files.exists(file)) {
            int n = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    versions.add(ModelVersion.parse(line));
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + " line " + n + ": " + e.getMessage(), e);
                }
            }
        }
        Path deployed = directory.resolve("deployments.txt");
        if (Files.exists(deployed)) {
            for (String line : Files.readAllLines(deployed, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    deployments.add(Integer.parseInt(line.trim()));
                }
            }
        }
        Path state = directory.resolve("state.txt");
        if (Files.exists(state)) {
            List<String> lines = Files.readAllLines(state, StandardCharsets.UTF_8);
            trainedThrough = Long.parseLong(lines.get(0).trim());
            lastRunMillis = Long.parseLong(lines.get(1).trim());
        }
    }

    List<ModelVersion> versions() {
        return List.copyOf(versions);
    }

    Optional<ModelVersion> find(int number) {
        return versions.stream().filter(v -> v.number() == number).findFirst();
    }

    int nextNumber() {
        return versions.stream().mapToInt(ModelVersion::number).max().orElse(-1) + 1;
    }

    /** @return the deployed version, empty before the initial model was recorded */
    Optional<ModelVersion> deployed() {
        return deployments.isEmpty() ? Optional.empty() : find(deployments.get(deployments.size() - 1));
    }

    /** @return the version deployed before the current one, if any */
    Optional<ModelVersion> previousDeployed() {
        return deployments.size() < 2 ? Optional.empty() : find(deployments.get(deployments.size() - 2));
    }

    List<Integer> deployments() {
        return List.copyOf(deployments);
    }

    long trainedThrough() {
        return trainedThrough;
    }

    long lastRunMillis() {
        return lastRunMillis;
    }

    void add(ModelVersion version) throws IOException {
        if (find(version.number()).isPresent()) {
            throw new IllegalArgumentException("version " + version.name() + " exists already");
        }
        versions.add(version);
        saveVersions();
    }

    void replace(ModelVersion version) throws IOException {
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).number() == version.number()) {
                versions.set(i, version);
                saveVersions();
                return;
            }
        }
        throw new IllegalArgumentException("no version " + version.name());
    }

    void deploy(int number) throws IOException {
        if (find(number).isEmpty()) {
            throw new IllegalArgumentException("no version v" + number);
        }
        deployments.add(number);
        write("deployments.txt", String.join("\n", deployments.stream().map(String::valueOf).toList()) + "\n");
    }

    /** Goes back to the version deployed before the current one; the current one leaves the deployment list. */
    ModelVersion rollBack() throws IOException {
        if (deployments.size() < 2) {
            throw new IllegalStateException("nothing to roll back to: "
                    + (deployments.isEmpty() ? "no version is deployed" : "only v" + deployments.get(0) + " was ever deployed"));
        }
        deployments.remove(deployments.size() - 1);
        write("deployments.txt", String.join("\n", deployments.stream().map(String::valueOf).toList()) + "\n");
        return deployed().orElseThrow();
    }

    void ran(long throughSequence, long atMillis) throws IOException {
        trainedThrough = throughSequence;
        lastRunMillis = atMillis;
        write("state.txt", throughSequence + "\n" + atMillis + "\n");
    }

    private void saveVersions() throws IOException {
        StringBuilder text = new StringBuilder();
        for (ModelVersion v : versions) {
            text.append(v.line()).append('\n');
        }
        write("versions.tsv", text.toString());
    }

    private void write(String name, String text) throws IOException {
        Path target = directory.resolve(name);
        Path temporary = directory.resolve(name + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
