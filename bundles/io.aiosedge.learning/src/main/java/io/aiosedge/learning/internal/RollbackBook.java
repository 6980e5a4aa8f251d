package io.aiosedge.learning.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.eclipse.kura.message.KuraPayload;

import io.aiosedge.api.learning.ModelOffers;
import io.aiosedge.api.scheduler.TaskCompletion;

import io.aiosedge.learning.internal.ModelUpdater.Swap;

/**
 * The rollback bookkeeping of {@link ModelUpdater}: per model the {@link RollbackRule}, the version being judged and
 * the version and folder before it, the refused versions and the recent swaps, and their two files in the bundle's
 * data area ({@value ModelUpdater#REFUSED_FILE}, {@value ModelUpdater#STATE_FILE}). It has no lock of its own:
 * every method is called under the updater's monitor ({@code synchronized (updater)}), except the static ones and
 * {@link #saveState}, which is called on the updater's thread (or at deactivation, after it stopped) and takes the
 * monitor itself while it reads.
 */
final class RollbackBook {

    private static final int SWAPS_KEPT = 20;

    private final Set<String> models;
    private final int window;
    private final double margin;
    private final Path refusedFile;
    private final Path stateFile;
    final Map<String, RollbackRule> rules = new HashMap<>();
    final Map<String, String> previousFolder = new HashMap<>();
    final Map<String, String> previousVersion = new HashMap<>();
    final Map<String, String> judgedVersion = new HashMap<>();
    final Set<String> refused = new LinkedHashSet<>();
    final Deque<Swap> swaps = new ArrayDeque<>();

    /** Reads the refused versions; the state file is read by {@link #loadState}. */
    RollbackBook(Set<String> models, int window, double margin, Path refusedFile) throws IOException {
        this.models = models;
        this.window = window;
        this.margin = margin;
        this.refusedFile = refusedFile;
        this.stateFile = refusedFile.resolveSibling(ModelUpdater.STATE_FILE);
        if (Files.exists(refusedFile)) {
            for (String line : Files.readAllLines(refusedFile, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    refused.add(line.trim());
                }
            }
        }
    }

    RollbackRule rule(String model) {
        return rules.computeIfAbsent(model, m -> new RollbackRule(window, margin));
    }

    void addSwap(Swap swap) {
        swaps.addLast(swap);
        while (swaps.size() > SWAPS_KEPT) {
            swaps.removeFirst();
        }
    }

    /** Sets the outcome of the last swap of {@code model} to {@code to} (to any version when null). */
    void markSwap(String model, String to, String outcome) {
        List<Swap> list = new ArrayList<>(swaps);
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i).model().equals(model) && (to == null || list.get(i).to().equals(to))) {
                Swap s = list.get(i);
                list.set(i, new Swap(s.timeMillis(), s.model(), s.from(), s.to(), outcome));
                swaps.clear();
                swaps.addAll(list);
                return;
            }
        }
    }

    /**
     * Reads what {@link #stateText} wrote; a damaged file is ignored as a whole. Returns the problem to show (the
     * file and line named), or null when the file was read or is absent.
     */
    String loadState() throws IOException {
        if (!Files.exists(stateFile)) {
            return null;
        }
        List<String> lines = Files.readAllLines(stateFile, StandardCharsets.UTF_8);
        Map<String, RollbackRule> read = new HashMap<>();
        Map<String, String[]> swapsRead = new HashMap<>();
        for (int n = 0; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            String[] fields = lines.get(n).split("\t", -1);
            try {
                if (fields.length != 5) {
                    throw new IllegalArgumentException("5 tab-separated fields expected, found " + fields.length);
                }
                if (models.contains(fields[0])) {
                    RollbackRule rule = new RollbackRule(window, margin);
                    rule.restore(fields[4]);
                    read.put(fields[0], rule);
                    swapsRead.put(fields[0], fields);
                }
            } catch (IllegalArgumentException e) {
                return stateFile + " ignored, the rollback rule starts without a window: line " + (n + 1)
                        + ": " + e.getMessage();
            }
        }
        rules.putAll(read);
        for (String[] fields : swapsRead.values()) {
            putIfGiven(judgedVersion, fields[0], fields[1]);
            putIfGiven(previousVersion, fields[0], fields[2]);
            putIfGiven(previousFolder, fields[0], fields[3]);
        }
        return null;
    }

    private static void putIfGiven(Map<String, String> map, String model, String value) {
        if (!value.isEmpty()) {
            map.put(model, value);
        }
    }

    /** Per model the rule's state and the swap it judges (judged version, the version and folder before it). */
    String stateText() {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, RollbackRule> e : rules.entrySet()) {
            String model = e.getKey();
            text.append(model).append('\t').append(judgedVersion.getOrDefault(model, "")).append('\t')
                    .append(previousVersion.getOrDefault(model, "")).append('\t')
                    .append(previousFolder.getOrDefault(model, "")).append('\t').append(e.getValue().save())
                    .append('\n');
        }
        return text.toString();
    }

    /**
     * Writes per model the rule's state and the swap it judges (judged version, the version and folder before it),
     * by atomic rename, so that a restart (a retained offer at once, a swap judged across it) goes on from there.
     * Takes the text under {@code monitor} (the updater's), writes it outside. Returns the problem, or null.
     */
    String saveState(Object monitor) {
        String text;
        synchronized (monitor) {
            text = stateText();
        }
        try {
            Path temporary = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, stateFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return null;
        } catch (IOException e) {
            return "cannot write " + stateFile + ": " + e.getMessage();
        }
    }

    /** Writes the refused versions by atomic rename; throws what went wrong. */
    void writeRefused() throws IOException {
        Path temporary = refusedFile.resolveSibling(refusedFile.getFileName() + ".tmp");
        Files.write(temporary, refused, StandardCharsets.UTF_8);
        Files.move(temporary, refusedFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Notes a swap from {@code from} (empty when none; its folder {@code folder}) to {@code version}: a settled rule
     * keeps what it replaced for a rollback; a swap replacing one still judged keeps the one before it (and its
     * baseline).
     */
    void installed(String model, String version, String from, String folder, boolean rollbackEnabled) {
        RollbackRule rule = rule(model);
        if (rule.settled()) {
            previousFolder.put(model, folder);
            previousVersion.put(model, from);
        } else if (rule.judging()) {
            // the replaced version was never kept: a rollback goes back to the one before it, and the
            // baseline stays that one's
            markSwap(model, judgedVersion.get(model), "superseded by " + version + " before its window ended: "
                    + describe(rule));
        }
        judgedVersion.put(model, version);
        rule.swapped();
        addSwap(new Swap(System.currentTimeMillis(), model, from.isEmpty() ? "-" : from,
                version, rollbackEnabled ? "judging" : "installed"));
    }

    /** Records one answer of {@code model} and marks the judged swap when the verdict keeps it. */
    RollbackRule.Verdict judge(String model, boolean disagreed, boolean rollbackEnabled) {
        RollbackRule rule = rule(model);
        RollbackRule.Verdict verdict = rule.record(disagreed);
        String version = judgedVersion.get(model);
        if (verdict == RollbackRule.Verdict.KEEP) {
            markSwap(model, version, "kept: " + describe(rule));
        } else if (verdict == RollbackRule.Verdict.ROLL_BACK && !rollbackEnabled) {
            markSwap(model, version, "kept, automatic rollback off: " + describe(rule));
        }
        return verdict;
    }

    static String describe(RollbackRule rule) {
        return String.format(java.util.Locale.ROOT, "%.3f over %d answers after the swap, limit %.3f (before %.3f"
                + " + margin %.3f)", rule.rateSinceSwap(), rule.outcomesSinceSwap(), rule.limit(), rule.baseline(),
                rule.margin());
    }

    /**
     * Refuses {@code version} of {@code model} from now on (already replaced when a rollback of it came) and sets
     * the outcome of its swap; the caller writes the refused versions.
     */
    void refuse(String model, String version, String outcome) {
        refused.add(model + " " + version);
        markSwap(model, version, outcome);
    }

    /**
     * After {@code model} was loaded from the previous folder: the rule starts over, {@code version} (when known) is
     * refused and its swap gets {@code outcome}. True when the refused versions changed (the caller writes them).
     */
    boolean rolledBack(String model, String version, String outcome) {
        rule(model).reset();
        previousFolder.remove(model);
        if (version != null) {
            refused.add(model + " " + version);
        }
        markSwap(model, version, outcome);
        return version != null;
    }

    /** What {@code aios:modelupdates} shows per model; {@code serving} gives the engine's serving version. */
    List<ModelUpdater.ModelState> states(Set<String> models, Function<String, String> serving) {
        List<ModelUpdater.ModelState> states = new ArrayList<>();
        for (String model : models) {
            RollbackRule r = rule(model);
            states.add(new ModelUpdater.ModelState(model, serving.apply(model), r.judging(), r.baseline(), r.limit(),
                    r.outcomesSinceSwap(), r.window(), r.rateSinceSwap(), r.recentRate(),
                    previousVersion.getOrDefault(model, "")));
        }
        return states;
    }

    /** What an offer names: its model and version, or (both null) why it is ignored. */
    record Offered(String model, String version, String ignoredBecause) {

        static Offered ignored(String why) {
            return new Offered(null, null, why);
        }

        boolean isIgnored() {
            return ignoredBecause != null;
        }
    }

    /**
     * The model and version of an offer ({@link ModelOffers#FORMAT} with both metrics, a model in {@code models}),
     * or why it is ignored. Static: no state read.
     */
    static Offered offered(KuraPayload offer, Set<String> models) {
        Object modelMetric = offer == null ? null : offer.getMetric("model");
        Object versionMetric = offer == null ? null : offer.getMetric("version");
        if (!ModelOffers.isOffer(offer) || modelMetric == null || versionMetric == null) {
            return Offered.ignored("an offer without format " + ModelOffers.FORMAT + ", model and version was"
                    + " ignored (format '" + (offer == null ? null : offer.getMetric("format")) + "')");
        }
        String model = modelMetric.toString();
        if (!models.contains(model)) {
            return Offered.ignored("offer of model '" + model + "' ignored: not in models " + models);
        }
        return new Offered(model, versionMetric.toString(), null);
    }

    /** Whether the edge answer of a joint inference disagreed with the cloud's (anomalous or not). */
    static boolean disagreed(TaskCompletion completion) {
        return completion.edgeResult() != null
                && anomalous(completion.edgeResult().output()) != anomalous(completion.result().output());
    }

    private static boolean anomalous(float[] output) {
        return output != null && output.length > 0 && output[0] >= 0.5f;
    }

    String refusedFile() {
        return refusedFile.toString();
    }
}
