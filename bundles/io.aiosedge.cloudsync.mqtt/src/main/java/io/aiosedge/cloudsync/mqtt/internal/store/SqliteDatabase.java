package io.aiosedge.cloudsync.mqtt.internal.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConfig.LockingMode;
import org.sqlite.SQLiteConfig.SynchronousMode;

/**
 * The SQLite database files of this bundle (the outbox's {@code outbox.db}, the message store's
 * {@code messages.db}), opened the same way: write-ahead log, exclusive locking, incremental vacuum, a WAL
 * checkpointed and truncated at about 1 MiB; and the return of free pages to the file system in chunks.
 */
public final class SqliteDatabase {

    /** Free pages given back between two WAL checkpoints (1 MiB of 4 KiB pages). */
    private static final int VACUUM_CHUNK = 256;

    private SqliteDatabase() {
    }

    /**
     * Opens (creating it if needed) the database in {@code file}: WAL, {@code synchronous=NORMAL} (commits survive a
     * crash of the process; set {@code FULL} for power loss), exclusive locking, incremental auto-vacuum (a database
     * made without it is converted once, here). The connection is in auto-commit mode.
     */
    public static Connection open(Path file) throws SQLException {
        boolean created = !Files.exists(file);
        SQLiteConfig config = new SQLiteConfig();
        // The journal mode is set below, after auto_vacuum: switching to WAL writes the header of a new database,
        // after which auto_vacuum no longer takes without a VACUUM.
        // Exclusive locking: no shared-memory index, fewer system calls per commit, and no second opener.
        config.setLockingMode(LockingMode.EXCLUSIVE);
        config.setSynchronous(SynchronousMode.NORMAL);
        config.setBusyTimeout(1000);
        Properties properties = config.toProperties();
        // The driver directly, not DriverManager: the embedded driver is invisible to java.sql's registry in OSGi.
        Connection conn = new org.sqlite.JDBC().connect("jdbc:sqlite:" + file.toAbsolutePath(), properties);
        if (conn == null) {
            throw new SQLException("the SQLite driver refused the URL for " + file);
        }
        try (Statement s = conn.createStatement()) {
            if (created) {
                // Must precede the first write: lets removed pages go back to the file system.
                s.execute("PRAGMA auto_vacuum=INCREMENTAL");
            }
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
                if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
                    throw new SQLException("the database " + file + " cannot use a write-ahead log");
                }
            }
            if (!created && pragma(conn, "auto_vacuum") != 2) {
                // A database made without incremental vacuum (or by the first journal-tier version of the outbox,
                // which set the journal mode first) is converted once; VACUUM copies only the live rows and needs a
                // connection without statements in progress, which only this moment offers.
                s.execute("PRAGMA auto_vacuum=INCREMENTAL");
                s.execute("VACUUM");
            }
            // The WAL is checkpointed at about 1 MiB and truncated back to that, instead of keeping its largest size.
            s.execute("PRAGMA wal_autocheckpoint=256");
            s.execute("PRAGMA journal_size_limit=" + (1024 * 1024));
        } catch (SQLException | RuntimeException e) {
            try {
                conn.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return conn;
    }

    /** A numeric PRAGMA of the database ({@code page_count}, {@code freelist_count}, ...); 0 when it has none. */
    public static long pragma(Connection conn, String name) throws SQLException {
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * Gives free pages back to the file system when more than a quarter of the database (and at least 1 MiB) is
     * free: SQLite reuses free pages for new rows anyway, this only bounds the file after a large deletion. Needs
     * the connection to itself (no transaction open).
     *
     * @return whether pages were given back
     */
    public static boolean returnFreePagesIfWasteful(Connection conn) throws SQLException {
        long pages = pragma(conn, "page_count");
        long free = pragma(conn, "freelist_count");
        if (free * 4 <= pages || free * pragma(conn, "page_size") < 1024 * 1024 || pragma(conn, "auto_vacuum") != 2) {
            return false;
        }
        // incremental_vacuum frees one page per step of its statement, and the driver steps a statement without
        // result columns once per execute: so it is executed once per free page (about 20 us a page here). Every page
        // moved is written to the WAL, which a statement still open keeps from being reset: so the pages go in
        // chunks, each followed by a checkpoint that truncates the WAL (else it grew by the database's size during
        // the vacuum).
        for (long done = 0; done < free && pragma(conn, "freelist_count") > 0; done += VACUUM_CHUNK) {
            try (Statement s = conn.createStatement()) {
                for (int i = 0; i < VACUUM_CHUNK; i++) {
                    s.execute("PRAGMA incremental_vacuum(" + VACUUM_CHUNK + ")");
                }
            }
            try (Statement s = conn.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
        return true;
    }
}
