package io.aiosedge.health.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;

/**
 * The cloud-sync connector's status as its {@code aios:cloudstatus} command prints it: one block per endpoint, one
 * {@code key value} line per figure ({@code pid}, {@code connected}, {@code outbox.depth},
 * {@code outbox.oldest.age.ms}, {@code outbox.directory}, ...; the same figures as the connector's {@code status}
 * cloud command).
 *
 * <p>Why Gogo: {@code io.aiosedge.api} has no outbox figures, and the connector belongs to another bundle; its
 * command is the status it already publishes on the gateway. Once the API has an outbox view this class is the one
 * place to change.
 */
final class CloudStatus {

    /** One endpoint's figures, as printed. */
    record Endpoint(Map<String, String> figures) {

        String pid() {
            return figures.getOrDefault("pid", "?");
        }

        OptionalLong number(String key) {
            String value = figures.get(key);
            if (value == null) {
                return OptionalLong.empty();
            }
            try {
                return OptionalLong.of(Long.parseLong(value.trim()));
            } catch (NumberFormatException e) {
                return OptionalLong.empty();
            }
        }
    }

    /** Reads the status; throws {@link IllegalStateException} with the reason when it cannot. */
    interface Source {
        List<Endpoint> endpoints();
    }

    /** The answer when the connector has no endpoint. */
    static final String NO_ENDPOINTS = "no AIOS MQTT cloud endpoints";
    static final String COMMAND = "aios:cloudstatus";

    private CloudStatus() {
    }

    /** A source that runs {@value #COMMAND} in a Gogo session of its own for every reading. */
    static Source gogo(CommandProcessor processor) {
        return () -> {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            Object result;
            try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), sink,
                    sink)) {
                result = session.execute(COMMAND);
            } catch (Exception e) {
                throw new IllegalStateException(COMMAND + " failed: " + e.getMessage()
                        + " (is the cloud-sync bundle io.aiosedge.cloudsync.mqtt active?)", e);
            }
            return parse(result == null ? "" : result.toString());
        };
    }

    /** The endpoints of {@value #COMMAND}'s output: blocks that each start with a {@code pid} line. */
    static List<Endpoint> parse(String text) {
        List<Endpoint> endpoints = new ArrayList<>();
        if (text.strip().equals(NO_ENDPOINTS)) {
            return endpoints;
        }
        Map<String, String> current = null;
        for (String line : text.split("\\R")) {
            String stripped = line.strip();
            if (stripped.isEmpty()) {
                continue;
            }
            int space = stripped.indexOf(' ');
            String key = space < 0 ? stripped : stripped.substring(0, space);
            String value = space < 0 ? "" : stripped.substring(space + 1).strip();
            if (key.equals("pid")) {
                current = new LinkedHashMap<>();
                endpoints.add(new Endpoint(current));
            }
            if (current == null) {
                throw new IllegalStateException(COMMAND + " printed something else than endpoint figures: '"
                        + (stripped.length() > 120 ? stripped.substring(0, 120) + "…" : stripped) + "'");
            }
            current.put(key, value);
        }
        return endpoints;
    }
}
