package io.aiosedge.cloudsync.mqtt.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.request.RequestHandler;
import org.eclipse.kura.cloudconnection.request.RequestHandlerContext;
import org.eclipse.kura.configuration.Password;
import org.eclipse.kura.message.KuraPayload;
import org.junit.jupiter.api.AfterAll;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.aiosedge.api.security.CommandSignatures;
import io.aiosedge.api.security.Ed25519Keys;
import io.aiosedge.cloudsync.mqtt.internal.wire.Json;
import io.aiosedge.testsupport.FuzzSummary;

/**
 * Inbound commands through the real dispatcher, its nonce cache and audit log, and the real {@code config} handler
 * over an in-memory configuration. The fuzzer writes the commands (envelope, request JSON, method, args, metrics
 * of every JSON type, body, topic) and decides how each is authenticated: unsigned, signed by the trusted key
 * (issued near or far from now, with a new, repeated or malformed nonce), signed by a stranger, or with a
 * malformed {@code auth}. Checked for every command:
 *
 * <ul>
 * <li>exactly one response, with a documented status (never 500: no handler here fails), and one audit entry;</li>
 * <li>a handler runs only for a command signed by the trusted key with a nonce it has not run before, or for an
 * unsigned GET of an open handler;</li>
 * <li>a refused signature (401) leaves the nonce cache as it was;</li>
 * <li>the configuration changes only on an accepted config PUT, only in properties the policy allows, and every
 * property keeps its type; any refusal leaves it unchanged.</li>
 * </ul>
 */
class CommandsFuzzTest {

    private static final FuzzSummary SUMMARY = new FuzzSummary("cloud-sync commands: dispatcher, nonces, config");
    private static final String PREFIX = "aios/v1/t/gw/commands/";
    private static final Set<Integer> DOCUMENTED = Set.of(200, 400, 401, 403, 404, 405, 503);
    private static final String[] HANDLERS = {"config", "status", "deploy", "nosuch"};
    private static final String[] METHODS = {"PUT", "GET", "POST", "DEL", "DELETE", "EXEC", "put", " get ", ""};
    private static final String[] PROPERTIES = {"trigger.rate.ms", "local.slots", "threshold", "ratio", "enabled",
            "name", "tags", "weights", "admin.password", "task.locality", "small", "tiny", "service.pid",
            "commands.trusted.keys", "new.property"};

    private static final KeyPair OPS = fixedKeyPair((byte) 1);
    private static final KeyPair STRANGER = fixedKeyPair((byte) 2);
    private static final AtomicLong NOW = new AtomicLong(1_700_000_000_000L);
    private static final List<byte[]> RESPONSES = new ArrayList<>();
    private static final AtomicInteger AUDITED = new AtomicInteger();
    private static final AtomicInteger HANDLED = new AtomicInteger();
    /** The nonces of commands that reached a handler, with when they stop being replays. */
    private static final Map<String, Long> RAN = new HashMap<>();
    /** The configuration as ConfigurationAdmin holds it. */
    private static final Hashtable<String, Object> STORED = new Hashtable<>();
    private static final AtomicInteger UPDATES = new AtomicInteger();
    private static final AtomicLong SEQUENCE = new AtomicLong(1000);

    private static final EndpointOptions OPTIONS;
    private static final CommandDispatcher DISPATCHER;

    static {
        try {
            Path dir = Files.createTempDirectory(Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm")
                    : Path.of(System.getProperty("java.io.tmpdir")), "aios-commands-fuzz");
            Map<String, Object> p = MqttCloudEndpointTest.baseProperties("tcp://localhost:1883", dir);
            p.put("commands.trusted.keys", new String[] {"ops=" + Ed25519Keys.encodePublic(OPS.getPublic())});
            p.put("commands.nonce.cache.size", 64);
            OPTIONS = EndpointOptions.from(Configs.of(MqttCloudEndpoint.Config.class, p), p, null, null);
            DISPATCHER = new CommandDispatcher("fuzz", () -> OPTIONS, (topic, payloadForId, qos, priority, expires) -> {
                RESPONSES.add(payloadForId.apply("r"));
                return "r";
            }, null, NOW::get, entry -> AUDITED.incrementAndGet());
            DISPATCHER.register(ConfigRequestHandler.ID, counting(new ConfigRequestHandler(configurationAdmin(),
                    () -> OPTIONS.security().configPolicy())));
            DISPATCHER.register("status", counting(new StatusRequestHandler(() -> Map.of("state", "up"))));
            DISPATCHER.register("deploy", counting(new RequestHandler() {
            }));
            reset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair fixedKeyPair(byte seed) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(Ed25519Keys.ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
                private static final long serialVersionUID = 1L;

                @Override
                public void nextBytes(byte[] bytes) {
                    Arrays.fill(bytes, seed);
                }
            });
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void reset() {
        STORED.clear();
        STORED.put("service.pid", "io.aiosedge.scheduler.Job.1");
        STORED.put("service.factoryPid", "io.aiosedge.scheduler.Job");
        STORED.put("kura.service.pid", "job-1");
        STORED.put("trigger.rate.ms", 10L);
        STORED.put("local.slots", 2);
        STORED.put("threshold", 0.5);
        STORED.put("ratio", 1.5f);
        STORED.put("enabled", true);
        STORED.put("name", "anomaly");
        STORED.put("tags", new String[] {"a", "b"});
        STORED.put("weights", new Integer[] {1, 2});
        STORED.put("admin.password", new Password("secret"));
        STORED.put("task.locality", "EDGE_ONLY");
        STORED.put("small", (short) 3);
        STORED.put("tiny", (byte) 4);
    }

    private static ConfigurationAdmin configurationAdmin() throws Exception {
        Configuration configuration = mock(Configuration.class);
        when(configuration.getProperties()).thenAnswer(i -> new Hashtable<>(STORED));
        doAnswer(i -> {
            Dictionary<String, Object> d = i.getArgument(0);
            STORED.clear();
            for (Enumeration<String> keys = d.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                STORED.put(key, d.get(key));
            }
            UPDATES.incrementAndGet();
            return null;
        }).when(configuration).update(any());
        ConfigurationAdmin admin = mock(ConfigurationAdmin.class);
        when(admin.listConfigurations(anyString())).thenAnswer(i -> {
            String filter = i.getArgument(0);
            return filter.contains("=job-1)") || filter.contains("=io.aiosedge.scheduler.Job.1)")
                    ? new Configuration[] {configuration} : null;
        });
        return admin;
    }

    private static RequestHandler counting(RequestHandler handler) {
        return new RequestHandler() {
            @Override
            public KuraMessage doGet(RequestHandlerContext c, KuraMessage m) throws KuraException {
                HANDLED.incrementAndGet();
                return handler.doGet(c, m);
            }

            @Override
            public KuraMessage doPut(RequestHandlerContext c, KuraMessage m) throws KuraException {
                HANDLED.incrementAndGet();
                return handler.doPut(c, m);
            }

            @Override
            public KuraMessage doPost(RequestHandlerContext c, KuraMessage m) throws KuraException {
                HANDLED.incrementAndGet();
                return handler.doPost(c, m);
            }

            @Override
            public KuraMessage doDel(RequestHandlerContext c, KuraMessage m) throws KuraException {
                HANDLED.incrementAndGet();
                return handler.doDel(c, m);
            }

            @Override
            public KuraMessage doExec(RequestHandlerContext c, KuraMessage m) throws KuraException {
                HANDLED.incrementAndGet();
                return handler.doExec(c, m);
            }
        };
    }

    /** How the fuzzer authenticated a command. */
    private enum Auth {
        UNSIGNED, TRUSTED, STRANGER, MALFORMED
    }

    @FuzzTest
    void command(FuzzedDataProvider data) {
        if (data.consumeInt(0, 63) == 63) {
            reset(); // now and then, from the start again (the values' types included)
        }
        NOW.addAndGet(data.consumeInt(0, 400_000));
        // Choices are written so that the fuzzer's zero bytes make a well-formed, signed config PUT: the
        // mutations then explore from the accepted path outwards.
        String handler = data.consumeBoolean() ? data.consumeString(12) : data.pickValue(HANDLERS);
        String topic = data.consumeInt(0, 15) == 15 ? data.consumeString(60) : PREFIX + handler;
        String method = data.consumeBoolean() ? data.consumeString(8) : data.pickValue(METHODS);
        String request = data.consumeInt(0, 15) == 15 ? data.consumeString(300) : request(data, method);
        Auth chosen = data.pickValue(new Auth[] {Auth.TRUSTED, Auth.UNSIGNED, Auth.STRANGER, Auth.MALFORMED,
                Auth.TRUSTED});
        long issued = NOW.get() + (data.consumeBoolean() ? data.consumeLong() : data.consumeInt(-20_000, 20_000));
        int reuse = data.consumeInt(0, 7);
        String nonce = reuse == 7 ? data.consumeString(70)
                : "n" + String.format("%020d", reuse == 6 ? data.consumeInt(0, 300) : SEQUENCE.incrementAndGet());
        Sent sent = payload(data, chosen, handler, method, issued, nonce, request);
        byte[] payload = sent.bytes();
        Auth auth = sent.auth();
        String effectiveMethod = methodOf(request);
        String effectiveHandler = topic.substring(topic.lastIndexOf('/') + 1);

        Map<String, Object> storedBefore = snapshot();
        int nonceCount = DISPATCHER.nonces().size();
        int responses = RESPONSES.size();
        int audited = AUDITED.get();
        int handled = HANDLED.get();
        int updates = UPDATES.get();

        DISPATCHER.handle(topic, payload);

        assertThat(RESPONSES).hasSize(responses + 1);
        assertThat(AUDITED.get()).isEqualTo(audited + 1);
        Map<String, Object> response = Json.parseObject(new String(RESPONSES.get(responses), StandardCharsets.UTF_8));
        int status = ((Number) response.get("status")).intValue();
        if (!DOCUMENTED.contains(status)) {
            fail("status " + status + " (" + response.get("error") + ") for " + new String(payload,
                    StandardCharsets.UTF_8));
        }
        boolean ran = HANDLED.get() > handled;
        if (ran) {
            boolean openGet = auth == Auth.UNSIGNED && "GET".equals(effectiveMethod)
                    && effectiveHandler.equals("status");
            if (!openGet) {
                assertThat(auth).as("who ran a handler").isEqualTo(Auth.TRUSTED);
                Long until = RAN.get(nonce);
                if (until != null && until > NOW.get()) {
                    fail("nonce " + nonce + " ran twice within its window");
                }
                RAN.put(nonce, issued + OPTIONS.security().maxAgeMillis() + 1);
            }
        }
        if (status == 401) {
            assertThat(DISPATCHER.nonces().size()).as("nonces after a refusal").isEqualTo(nonceCount);
        }
        if (UPDATES.get() > updates) {
            assertThat(status).isEqualTo(200);
            assertThat(handler).isEqualTo("config");
            checkChange(storedBefore, snapshot());
        } else {
            assertThat(snapshot()).isEqualTo(storedBefore);
        }
        SUMMARY.count(auth + " " + status + (ran ? " ran" : ""));
    }

    /** The method a request names, as the canonical form has it (GET when it names none). */
    private static String methodOf(String request) {
        try {
            Object method = Json.parseObject(request).get("method");
            return CommandSignatures.normalizeMethod(method == null ? null : method.toString());
        } catch (IllegalArgumentException notJson) {
            return "GET";
        }
    }

    private static String request(FuzzedDataProvider data, String method) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", data.consumeInt(0, 15) == 15 ? value(data, 0) : "r" + data.consumeInt(0, 99));
        r.put("reply", data.consumeInt(0, 15) == 15 ? value(data, 0) : "aios/v1/t/ops/r" + data.consumeString(10));
        if (!data.consumeBoolean()) {
            r.put("method", method);
        }
        if (!data.consumeBoolean()) {
            r.put("args", data.consumeInt(0, 7) == 7 ? value(data, 0)
                    : List.of(data.consumeBoolean() ? data.consumeString(20) : "job-1"));
        }
        if (!data.consumeBoolean()) {
            Map<String, Object> metrics = new LinkedHashMap<>();
            int n = data.consumeInt(1, 4);
            for (int i = 0; i < n; i++) {
                metrics.put(data.consumeBoolean() ? data.consumeString(16) : data.pickValue(PROPERTIES), value(data, 0));
            }
            r.put("metrics", data.consumeInt(0, 15) == 15 ? value(data, 0) : metrics);
        }
        if (data.consumeInt(0, 7) == 7) {
            r.put("body", data.consumeBoolean() ? Base64.getEncoder().encodeToString(data.consumeBytes(20))
                    : value(data, 0));
        }
        return Json.write(r);
    }

    /** A JSON value of any type. */
    private static Object value(FuzzedDataProvider data, int depth) {
        switch (data.consumeInt(0, depth > 1 ? 5 : 7)) {
        case 0:
            return data.consumeLong();
        case 1:
            return data.consumeBoolean() ? (double) data.consumeInt() / 7 : data.consumeRegularDouble();
        case 2:
            return data.consumeBoolean();
        case 3:
            return String.valueOf(data.consumeInt(-1000, 1000));
        case 4:
            return data.consumeString(24);
        case 5:
            return data.consumeBoolean() ? "true" : "a,b";
        case 6:
            List<Object> list = new ArrayList<>();
            int n = data.consumeInt(0, 3);
            for (int i = 0; i < n; i++) {
                list.add(value(data, depth + 1));
            }
            return list;
        default:
            return Map.of("k", value(data, depth + 1));
        }
    }

    /** A command as sent and how it is authenticated. */
    private record Sent(byte[] bytes, Auth auth) {
    }

    private static Sent payload(FuzzedDataProvider data, Auth auth, String handler, String method, long issued,
            String nonce, String request) {
        byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
        String tenantGateway = data.consumeInt(0, 15) == 15 ? "other" : "gw";
        switch (auth) {
        case UNSIGNED:
            return new Sent(bytes, auth);
        case TRUSTED:
        case STRANGER:
            try {
                return new Sent(CommandSignatures.envelope(auth == Auth.TRUSTED ? OPS.getPrivate()
                        : STRANGER.getPrivate(), "ops", "t", tenantGateway, handler.isEmpty() ? "x" : handler, method,
                        issued, nonce, bytes).getBytes(StandardCharsets.UTF_8), auth);
            } catch (IllegalArgumentException cannotSign) {
                return new Sent(bytes, Auth.UNSIGNED); // a nonce or field the signer refuses: sent unsigned
            }
        default:
            Map<String, Object> envelope = new LinkedHashMap<>();
            envelope.put("request", data.consumeBoolean() ? Base64.getEncoder().encodeToString(bytes) : value(data, 0));
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("key", data.consumeBoolean() ? "ops" : value(data, 0));
            a.put("issued", data.consumeBoolean() ? (Object) issued : value(data, 0));
            a.put("nonce", data.consumeBoolean() ? nonce : value(data, 0));
            a.put("sig", data.consumeBoolean() ? Base64.getEncoder().encodeToString(data.consumeBytes(64))
                    : value(data, 0));
            envelope.put("auth", data.consumeInt(0, 7) == 0 ? value(data, 0) : a);
            return new Sent(Json.write(envelope).getBytes(StandardCharsets.UTF_8), auth);
        }
    }

    /** The stored configuration with values comparable by equals (arrays as lists, passwords as text). */
    private static Map<String, Object> snapshot() {
        Map<String, Object> out = new TreeMap<>();
        STORED.forEach((k, v) -> out.put(k, comparable(v)));
        return out;
    }

    private static Object comparable(Object v) {
        if (v instanceof Password) {
            return "Password:" + new String(((Password) v).getPassword());
        }
        if (v instanceof Object[]) {
            List<Object> list = new ArrayList<>();
            for (Object e : (Object[]) v) {
                list.add(comparable(e));
            }
            return v.getClass().getComponentType().getSimpleName() + "[]" + list;
        }
        return v;
    }

    /** An accepted change: allowed by the policy, and every property of the type it had. */
    private static void checkChange(Map<String, Object> before, Map<String, Object> after) {
        List<String> identity = Arrays.asList("io.aiosedge.scheduler.Job.1", "job-1", "io.aiosedge.scheduler.Job");
        for (Map.Entry<String, Object> e : after.entrySet()) {
            Object old = before.get(e.getKey());
            if (old != null && old.equals(e.getValue())) {
                continue;
            }
            assertThat(OPTIONS.security().configPolicy().refusal(identity, e.getKey())).as(e.getKey()).isNull();
            if (old != null) {
                assertThat(STORED.get(e.getKey()).getClass()).as("type of " + e.getKey() + " changed to " + e.getValue())
                        .isEqualTo(typeOf(old));
            }
        }
        assertThat(after.keySet()).containsAll(before.keySet());
    }

    private static Class<?> typeOf(Object comparable) {
        if (comparable instanceof String && ((String) comparable).startsWith("Password:")) {
            return Password.class;
        }
        if (comparable instanceof String && ((String) comparable).startsWith("String[][")) {
            return String[].class;
        }
        if (comparable instanceof String && ((String) comparable).startsWith("Integer[][")) {
            return Integer[].class;
        }
        return comparable.getClass();
    }

    @AfterAll
    static void summary() throws Exception {
        SUMMARY.write();
        DISPATCHER.close();
    }
}
