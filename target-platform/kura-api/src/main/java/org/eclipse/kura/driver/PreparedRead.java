package org.eclipse.kura.driver;

import java.util.List;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.channel.ChannelRecord;
import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code PreparedRead}: a read of a fixed set of channel records that can be executed repeatedly. */
@ProviderType
@SuppressWarnings("try") // close() is AutoCloseable's, as in Kura
public interface PreparedRead extends AutoCloseable {

    List<ChannelRecord> execute() throws Driver.ConnectionException, KuraException;

    List<ChannelRecord> getChannelRecords();
}
