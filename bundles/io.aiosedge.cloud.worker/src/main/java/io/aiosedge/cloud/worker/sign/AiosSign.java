package io.aiosedge.cloud.worker.sign;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.aiosedge.api.security.ArtifactSignatures;
import io.aiosedge.api.security.CommandSignatures;
import io.aiosedge.api.security.Ed25519Keys;

/**
 * {@code aios-sign}: the operator's signing tool. Runs outside OSGi, on the JDK and {@code io.aiosedge.api} only
 * ({@code java -cp io.aiosedge.api.jar:io.aiosedge.cloud.worker.jar io.aiosedge.cloud.worker.sign.AiosSign ...}, or
 * {@code bin/aios-sign} of the cloud worker distribution). Commands:
 *
 * <pre>
 * keygen &lt;dir&gt; [--id &lt;key-id&gt;]
 * sign-command --key &lt;file.pk8&gt; [--id &lt;key-id&gt;] --tenant &lt;t&gt; --gateway &lt;gw&gt; --handler &lt;h&gt;
 *              [--method GET|PUT|POST|DEL|EXEC] [--request-id &lt;id&gt;] [--reply &lt;topic&gt;] [--args a,b]
 *              [--metrics '&lt;JSON object&gt;'] [--body-file &lt;file&gt;] [--sender &lt;who&gt;] [--request &lt;file&gt;]
 * sign-file --key &lt;file.pk8&gt; [--id &lt;key-id&gt;] &lt;file&gt;
 * </pre>
 *
 * The canonical forms are those of {@link CommandSignatures} and {@link ArtifactSignatures}: this class builds no
 * signed bytes of its own.
 */
public final class AiosSign {

    private static final String USAGE = String.join(System.lineSeparator(),
            "usage: aios-sign keygen <dir> [--id <key-id>]",
            "       aios-sign sign-command --key <file.pk8> [--id <key-id>] --tenant <t> --gateway <gw> --handler <h>",
            "                 [--method GET|PUT|POST|DEL|EXEC] [--request-id <id>] [--reply <topic>] [--args a,b]",
            "                 [--metrics '<JSON object>'] [--body-file <file>] [--sender <who>] [--request <file.json>]",
            "       aios-sign sign-file --key <file.pk8> [--id <key-id>] <file>",
            "The key id defaults to the key file's name without .pk8.");

    private final PrintStream out;

    AiosSign(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        try {
            new AiosSign(System.out).run(args);
        } catch (IllegalArgumentException e) {
            System.err.println("aios-sign: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        } catch (IOException e) {
            System.err.println("aios-sign: " + e);
            System.exit(1);
        }
    }

    void run(String[] args) throws IOException {
        if (args.length == 0) {
            throw new IllegalArgumentException("no command");
        }
        Map<String, String> options = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                options.put(args[i].substring(2), args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        switch (args[0]) {
        case "keygen":
            keygen(one(positional, "the directory"), options.get("id"));
            break;
        case "sign-command":
            signCommand(options);
            break;
        case "sign-file":
            signFile(one(positional, "the file"), options);
            break;
        default:
            throw new IllegalArgumentException("unknown command '" + args[0] + "'");
        }
    }

    private void keygen(String dir, String requestedId) throws IOException {
        KeyPair pair = Ed25519Keys.generate();
        String id = requestedId == null ? Ed25519Keys.defaultKeyId(pair.getPublic()) : requestedId;
        if (!Ed25519Keys.KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("key id '" + id + "' must match " + Ed25519Keys.KEY_ID.pattern());
        }
        Path folder = Files.createDirectories(Path.of(dir));
        Path privateKey = folder.resolve(id + ".pk8");
        Path publicKey = folder.resolve(id + ".pub");
        if (Files.exists(privateKey)) {
            throw new IllegalArgumentException(privateKey + " exists; choose another --id");
        }
        Files.createFile(privateKey);
        try {
            Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the caller protects the folder
        }
        Files.write(privateKey, pair.getPrivate().getEncoded(), StandardOpenOption.TRUNCATE_EXISTING);
        String encoded = Ed25519Keys.encodePublic(pair.getPublic());
        Files.writeString(publicKey, encoded + System.lineSeparator());
        out.println("key id       " + id);
        out.println("private key  " + privateKey + " (PKCS#8; keep it secret, off the gateways)");
        out.println("public key   " + publicKey);
        out.println("trust entry  " + id + "=" + encoded);
        out.println("add the trust entry to commands.trusted.keys (MQTT endpoint: who may command) and/or");
        out.println("artifacts.trusted.keys (deployment handler, inference engine: who may sign code and models)");
    }

    private void signCommand(Map<String, String> o) throws IOException {
        PrivateKey key = privateKey(o);
        String id = keyId(o);
        String method = CommandSignatures.normalizeMethod(o.get("method"));
        byte[] request;
        if (o.containsKey("request")) {
            request = Files.readAllBytes(Path.of(o.get("request")));
        } else {
            String tenant = required(o, "tenant");
            String requestId = o.getOrDefault("request-id", CommandSignatures.newNonce().substring(0, 8));
            StringBuilder json = new StringBuilder("{\"id\":").append(quote(requestId)).append(",\"reply\":")
                    .append(quote(o.getOrDefault("reply", "aios/v1/" + tenant + "/operator/replies/" + requestId)))
                    .append(",\"method\":").append(quote(method));
            if (o.containsKey("args")) {
                json.append(",\"args\":[");
                String[] args = o.get("args").split(",", -1);
                for (int i = 0; i < args.length; i++) {
                    json.append(i == 0 ? "" : ",").append(quote(args[i]));
                }
                json.append(']');
            }
            if (o.containsKey("metrics")) {
                String metrics = o.get("metrics").trim();
                if (!metrics.startsWith("{") || !metrics.endsWith("}")) {
                    throw new IllegalArgumentException("--metrics must be a JSON object, got " + metrics);
                }
                json.append(",\"metrics\":").append(metrics);
            }
            if (o.containsKey("body-file")) {
                json.append(",\"body\":").append(quote(Base64.getEncoder().encodeToString(
                        Files.readAllBytes(Path.of(o.get("body-file"))))));
            }
            if (o.containsKey("sender")) {
                json.append(",\"sender\":").append(quote(o.get("sender")));
            }
            request = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
        }
        out.println(CommandSignatures.envelope(key, id, required(o, "tenant"), required(o, "gateway"),
                required(o, "handler"), method, System.currentTimeMillis(), CommandSignatures.newNonce(), request));
    }

    private void signFile(String file, Map<String, String> o) throws IOException {
        PrivateKey key = privateKey(o);
        String id = keyId(o);
        Path path = Path.of(file);
        String sha256 = HexFormat.of().formatHex(Ed25519Keys.sha256(Files.readAllBytes(path)));
        String signature = ArtifactSignatures.sign(key, id, sha256);
        Path sig = path.resolveSibling(path.getFileName() + ".sig");
        Files.writeString(sig, signature + System.lineSeparator());
        out.println("sha256     " + sha256);
        out.println("signature  " + signature);
        out.println("written    " + sig + " (send its content as the command's 'signature' metric)");
    }

    private static PrivateKey privateKey(Map<String, String> o) throws IOException {
        return Ed25519Keys.decodePrivate(Files.readAllBytes(Path.of(required(o, "key"))));
    }

    private static String keyId(Map<String, String> o) {
        String id = o.get("id");
        if (id == null) {
            String name = Path.of(required(o, "key")).getFileName().toString();
            id = name.endsWith(".pk8") ? name.substring(0, name.length() - 4) : name;
        }
        if (!Ed25519Keys.KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("key id '" + id + "' must match " + Ed25519Keys.KEY_ID.pattern()
                    + " (give --id)");
        }
        return id;
    }

    private static String required(Map<String, String> o, String name) {
        String value = o.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static String one(List<String> positional, String what) {
        if (positional.size() != 1) {
            throw new IllegalArgumentException("give " + what + " (one argument), got " + positional);
        }
        return positional.get(0);
    }

    /** A JSON string literal. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
            case '"':
                out.append("\\\"");
                break;
            case '\\':
                out.append("\\\\");
                break;
            default:
                if (c < 0x20) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
        return out.append('"').toString();
    }
}
