package io.aiosedge.gateway;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Felix web console's credentials without a shared default: at the first start of a data folder a random
 * password is generated, printed once, and only its salted hash is kept (in {@value #FILE} of the data folder, owner
 * read/write only). The hash reaches the console as the framework property {@code felix.webconsole.password},
 * which OsgiManager takes as its default before any configuration exists, so the console never serves Felix's
 * built-in {@code admin}/{@code admin}, not even during the first start.
 *
 * <p>The hash is in the form Felix web console 5 checks ({@code Password} of the console's servlet package):
 * {@code {sha-256}<salt hex>-<iterations>-<base64 digest>}, where the digest is SHA-256 applied
 * {@code iterations} times starting from the UTF-8 bytes of salt followed by the password.
 *
 * <p>Ways to change it: {@value #ENVIRONMENT} at start (a password or such a hash; it replaces the stored hash),
 * the {@code password} property of the OsgiManager configuration (the console's own configuration page, or a
 * {@code --config} file; it takes precedence over the framework property), or deleting the file (a new password is
 * generated and printed at the next start).
 */
final class WebConsoleCredentials {

    static final String FILE = "webconsole-password";
    static final String ENVIRONMENT = "AIOS_CONSOLE_PASSWORD";
    static final String USER = "admin";
    static final String CONSOLE_PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";
    static final int GENERATED_LENGTH = 20;
    private static final String CONFIGURATION = "org.osgi.service.cm.Configuration";
    /** Letters and digits without the look-alikes 0/O, 1/l/I: about 5.8 bits a character, 116 bits in all. */
    private static final String ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final int ITERATIONS = 1000;
    /** Felix's own default: the unsalted SHA-256 of "admin" (OsgiManager.DEFAULT_PASSWORD). */
    static final String FELIX_DEFAULT_HASH = "{sha-256}jGl25bVBBBW96Qi9Te4V37Fnqchz/Eu4qB9vKrRIqRg=";
    private static final Pattern HASH = Pattern.compile("\\{sha-(256|384|512)\\}([0-9a-fA-F]+-\\d+-)?[A-Za-z0-9+/]+=*");

    private final String hash;
    private final String origin;
    /** The hash stored before this start (replaced by AIOS_CONSOLE_PASSWORD), null when none. */
    private final String previous;

    private WebConsoleCredentials(String hash, String origin, String previous) {
        this.hash = hash;
        this.origin = origin;
        this.previous = previous;
    }

    /**
     * Reads, replaces or creates the stored hash for the data folder and prints what the user must know: the
     * generated password (only when it was just generated), or where a password given by the environment comes from.
     *
     * @throws IllegalArgumentException when {@value #ENVIRONMENT} holds a malformed hash, or the stored file is
     *         damaged (naming the file and how to reset it)
     */
    static WebConsoleCredentials prepare(Path data, Map<String, String> environment, PrintStream out)
            throws IOException {
        Path file = data.resolve(FILE);
        String before = Files.exists(file) ? Files.readString(file, StandardCharsets.US_ASCII).trim() : null;
        String given = environment.get(ENVIRONMENT);
        if (given != null && !given.isEmpty()) {
            String hash;
            if (given.startsWith("{")) {
                if (!isHash(given)) {
                    throw new IllegalArgumentException(ENVIRONMENT + " starts with '{' but is not a hash of the form"
                            + " {sha-256}<salt hex>-<iterations>-<base64> or {sha-256}<base64>");
                }
                hash = given;
            } else {
                hash = hash(given);
            }
            store(file, hash);
            out.println("aiosedge-gateway: web console: user " + USER + ", password from " + ENVIRONMENT
                    + " (its hash is stored in " + file + ")");
            return new WebConsoleCredentials(hash, ENVIRONMENT, before);
        }
        if (before != null) {
            if (!isHash(before)) {
                throw new IllegalArgumentException(file + " does not hold a web console password hash; delete it"
                        + " to have a new password generated and printed at the next start");
            }
            return new WebConsoleCredentials(before, "stored", before);
        }
        String password = generate(new SecureRandom());
        String hash = hash(password);
        store(file, hash);
        out.println("aiosedge-gateway: web console: user " + USER + ", password " + password + " (printed once;"
                + " change it with " + ENVIRONMENT + "=<password> or the console's OsgiManager configuration; only"
                + " its hash is kept, in " + file + ")");
        return new WebConsoleCredentials(hash, "generated", null);
    }

    /** The framework properties OsgiManager takes as its defaults. */
    Map<String, String> frameworkProperties() {
        return Map.of("felix.webconsole.username", USER, "felix.webconsole.password", this.hash);
    }

    /** The stored hash (never the password). */
    String hash() {
        return this.hash;
    }

    /** For the start-up summary: who logs in, and where the password is. */
    String summary() {
        return "user " + USER + ", password " + ("generated".equals(this.origin) ? "printed above"
                : ENVIRONMENT.equals(this.origin) ? "from " + ENVIRONMENT : "as printed at the first start");
    }

    /**
     * Makes the OsgiManager entries of configuration files safe before they are applied. Felix web console 5
     * answers a configuration whose {@code password} is missing or in plain text by writing a hash back to
     * ConfigAdmin, and for a missing one that is the hash of its built-in {@code admin}: so an entry without a
     * password, or with {@code admin}, gets the gateway's hash; another plain password is replaced by its hash
     * (the console never sees it in plain text); a hash is kept.
     */
    void screen(List<ConfigurationFile> files, PrintStream out) {
        for (ConfigurationFile file : files) {
            for (ConfigurationFile.Entry entry : file.entries().values()) {
                if (!CONSOLE_PID.equals(entry.pid)) {
                    continue;
                }
                Object password = entry.properties.get("password");
                if (password == null || isSharedDefault(password.toString())) {
                    if (password != null) {
                        out.println("aiosedge-gateway: web console: the shared password 'admin' in " + file.source()
                                + " is not used; the gateway's own password applies");
                    }
                    entry.properties.put("password", this.hash);
                } else if (!isHash(password.toString())) {
                    entry.properties.put("password", hash(password.toString()));
                }
            }
        }
    }

    /**
     * After the configuration files are applied: a data folder from before this change holds an OsgiManager
     * configuration with the shared {@code admin} (as the hash Felix wrote back), or one with the hash this class
     * stored before {@value #ENVIRONMENT} replaced it. Either gets the current hash; a password an administrator
     * set there is left alone (it takes precedence). Returns whether the configuration was changed.
     */
    boolean ensure(Object configurationAdmin, PrintStream out) throws Exception {
        Object[] existing = (Object[]) call(configurationAdmin, FrameworkServices.CONFIGURATION_ADMIN,
                "listConfigurations", new Class<?>[] {String.class}, "(service.pid=" + CONSOLE_PID + ")");
        if (existing == null || existing.length == 0) {
            return false;
        }
        Object configuration = existing[0];
        @SuppressWarnings("unchecked")
        Dictionary<String, Object> properties = (Dictionary<String, Object>) call(configuration, CONFIGURATION,
                "getProperties", new Class<?>[0]);
        if (properties == null) {
            return false;
        }
        Object password = properties.get("password");
        String current = password == null ? null : password.toString();
        if (this.hash.equals(current)) {
            return false;
        }
        if (current != null && !isSharedDefault(current) && !current.equals(this.previous)) {
            out.println("aiosedge-gateway: web console: the password of the " + CONSOLE_PID
                    + " configuration applies (set by an administrator)");
            return false;
        }
        properties.put("password", this.hash);
        call(configuration, CONFIGURATION, "update", new Class<?>[] {Dictionary.class}, properties);
        if (current != null && isSharedDefault(current)) {
            out.println("aiosedge-gateway: web console: the shared password 'admin' of the " + CONSOLE_PID
                    + " configuration was replaced by the gateway's own");
        }
        return true;
    }

    private static Object call(Object target, String type, String method, Class<?>[] parameters, Object... arguments)
            throws Exception {
        Method m = target.getClass().getClassLoader().loadClass(type).getMethod(method, parameters);
        try {
            return m.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    static boolean isSharedDefault(String password) {
        return "admin".equals(password) || FELIX_DEFAULT_HASH.equals(password) || matches(password, "admin");
    }

    static String generate(SecureRandom random) {
        StringBuilder password = new StringBuilder(GENERATED_LENGTH);
        for (int i = 0; i < GENERATED_LENGTH; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    /** The salted form Felix web console 5 verifies: {@code {sha-256}<16 hex salt>-1000-<base64>}. */
    static String hash(String password) {
        byte[] salt = new byte[8];
        new SecureRandom().nextBytes(salt);
        String saltHex = HexFormat.of().formatHex(salt);
        return "{sha-256}" + saltHex + "-" + ITERATIONS + "-"
                + Base64.getEncoder().encodeToString(digest("SHA-256", saltHex + password, ITERATIONS));
    }

    static boolean isHash(String value) {
        return HASH.matcher(value).matches();
    }

    /** Checks a password against a hash the way the console does (also plain, unsalted hashes). */
    static boolean matches(String hash, String password) {
        if (!isHash(hash)) {
            return false;
        }
        int close = hash.indexOf('}');
        String algorithm = "SHA-" + hash.substring(5, close);
        String rest = hash.substring(close + 1);
        String[] parts = rest.split("-", -1);
        String salt = "";
        int iterations = 1;
        String encoded = rest;
        if (parts.length == 3) {
            salt = parts[0];
            iterations = Integer.parseInt(parts[1]);
            encoded = parts[2];
        }
        byte[] expected = Base64.getDecoder().decode(encoded);
        return MessageDigest.isEqual(expected, digest(algorithm, salt + password, iterations));
    }

    private static byte[] digest(String algorithm, String text, int iterations) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            byte[] value = text.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < iterations; i++) {
                digest.reset();
                value = digest.digest(value);
            }
            return value;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the hash so that only the owner can read it, replacing the file in one step. */
    private static void store(Path file, String hash) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling(FILE + ".tmp");
        Files.deleteIfExists(temporary);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    "rw-------")));
        }
        Files.writeString(temporary, hash + System.lineSeparator(), StandardCharsets.US_ASCII);
        try {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
