package io.aiosedge.deployment.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.eclipse.kura.KuraErrorCode;

/**
 * Brings a Deployment Package to a local file — from a URL, or from the bytes a command carried — and checks its
 * size limit and SHA-256 on the way. A package that fails any check is deleted; nothing has touched the gateway.
 * One fetch at a time per instance; {@link #abort()} (from another thread) ends a running download.
 */
final class PackageFetcher {

    /** Told about download progress. */
    interface Progress {
        /**
         * @param bytes received so far
         * @param total announced size in bytes, or -1 when the server did not say
         */
        void received(long bytes, long total);
    }

    /** Opens a URL connection; tests replace it to trust their own TLS certificate. */
    interface Opener {
        URLConnection open(URL url) throws IOException;
    }

    private static final int BUFFER_BYTES = 64 * 1024;

    private final HandlerOptions options;
    private final Opener opener;
    private volatile InputStream running;
    private volatile boolean aborted;

    PackageFetcher(HandlerOptions options, Opener opener) {
        this.options = options;
        this.opener = opener;
    }

    /**
     * Downloads {@code url} to {@code target}.
     *
     * @param sha256 expected digest, 64 lower-case hex digits
     * @throws CommandRefused naming the URL and what went wrong (unreachable, too large, digest mismatch)
     */
    void download(URL url, String sha256, Path target, Progress progress) throws CommandRefused {
        long total;
        MessageDigest digest = sha256();
        try {
            URLConnection connection = this.opener.open(url);
            connection.setConnectTimeout(this.options.timeoutMillis());
            connection.setReadTimeout(this.options.timeoutMillis());
            connection.setUseCaches(false);
            if (connection instanceof HttpURLConnection) {
                HttpURLConnection http = (HttpURLConnection) connection;
                http.setInstanceFollowRedirects(true);
                int status = http.getResponseCode();
                if (status != HttpURLConnection.HTTP_OK) {
                    http.disconnect();
                    throw new CommandRefused(status == HttpURLConnection.HTTP_NOT_FOUND ? KuraErrorCode.NOT_FOUND
                            : KuraErrorCode.IO_ERROR, "cannot download " + url + ": the server answered " + status
                                    + " " + http.getResponseMessage());
                }
            }
            try (InputStream in = connection.getInputStream()) {
                this.running = in;
                if (this.aborted) {
                    throw new InterruptedIOException("aborted");
                }
                total = connection.getContentLengthLong();
                if (total > this.options.maxDownloadBytes()) {
                    throw new CommandRefused(KuraErrorCode.BAD_REQUEST, url + " announces " + total
                            + " bytes, more than download.max.bytes (" + this.options.maxDownloadBytes() + ")");
                }
                copy(in, target, digest, total, url.toString(), progress);
            } finally {
                this.running = null;
            }
        } catch (InterruptedIOException e) {
            delete(target);
            throw new CommandRefused(KuraErrorCode.TIMED_OUT, "download of " + url + " stopped: "
                    + (this.aborted ? "the handler is shutting down" : "no data for "
                            + this.options.timeoutMillis() + " ms"), e);
        } catch (IOException e) {
            delete(target);
            throw new CommandRefused(KuraErrorCode.IO_ERROR, "cannot download " + url + ": " + e, e);
        } catch (CommandRefused e) {
            delete(target);
            throw e;
        }
        verify(digest, sha256, target, url.toString());
    }

    /**
     * Writes a package that arrived in the command's payload to {@code target}.
     *
     * @throws CommandRefused when it is too large or its digest is not {@code sha256}
     */
    void store(byte[] body, String sha256, Path target) throws CommandRefused {
        if (body.length > this.options.maxDownloadBytes()) {
            throw new CommandRefused(KuraErrorCode.BAD_REQUEST, "the payload has " + body.length
                    + " bytes, more than download.max.bytes (" + this.options.maxDownloadBytes() + ")");
        }
        MessageDigest digest = sha256();
        digest.update(body);
        try {
            Files.write(target, body);
        } catch (IOException e) {
            delete(target);
            throw new CommandRefused(KuraErrorCode.IO_ERROR, "cannot store the payload in " + target + ": " + e, e);
        }
        verify(digest, sha256, target, "the payload");
    }

    /** Ends a running download (it fails with "shutting down") and refuses later ones. */
    void abort() {
        this.aborted = true;
        InputStream in = this.running;
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // Closing is only to wake the reading thread; the download fails either way.
            }
        }
    }

    private void copy(InputStream in, Path target, MessageDigest digest, long total, String source, Progress progress)
            throws IOException, CommandRefused {
        byte[] buffer = new byte[BUFFER_BYTES];
        long received = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (this.aborted || Thread.currentThread().isInterrupted()) {
                    throw new InterruptedIOException("aborted");
                }
                received += read;
                if (received > this.options.maxDownloadBytes()) {
                    throw new CommandRefused(KuraErrorCode.BAD_REQUEST, source + " is larger than download.max.bytes ("
                            + this.options.maxDownloadBytes() + ")");
                }
                digest.update(buffer, 0, read);
                out.write(buffer, 0, read);
                progress.received(received, total);
            }
        } catch (IOException e) {
            if (this.aborted) {
                throw new InterruptedIOException("aborted");
            }
            throw e;
        }
        if (total >= 0 && received != total) {
            throw new IOException("received " + received + " of " + total + " announced bytes");
        }
    }

    private static void verify(MessageDigest digest, String expected, Path target, String source)
            throws CommandRefused {
        String actual = HexFormat.of().formatHex(digest.digest());
        if (!actual.equals(expected)) {
            delete(target);
            throw new CommandRefused(KuraErrorCode.SECURITY_EXCEPTION, "SHA-256 of " + source + " is " + actual
                    + ", the command says " + expected + "; nothing was installed");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java 17 runtime has SHA-256", e);
        }
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temporary file is overwritten or removed at the next activation.
        }
    }
}
