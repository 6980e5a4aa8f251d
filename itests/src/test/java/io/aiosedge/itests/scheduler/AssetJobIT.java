package io.aiosedge.itests.scheduler;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.asset.Asset;
import org.eclipse.kura.asset.AssetConfiguration;
import org.eclipse.kura.channel.ChannelFlag;
import org.eclipse.kura.channel.ChannelRecord;
import org.eclipse.kura.channel.ChannelStatus;
import org.eclipse.kura.channel.listener.ChannelListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.eclipse.kura.type.DataType;
import org.eclipse.kura.type.TypedValues;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

import io.aiosedge.api.inference.TensorInference;
import io.aiosedge.api.scheduler.TaskScheduler;
import io.aiosedge.itests.OsgiTestSupport;
import io.aiosedge.itests.RecordingCloudPublisher;

/**
 * An asset job in Felix: a Kura Asset service (kura.service.pid it-pump, as Kura registers each asset) is the
 * job's source instead of a driver and a channel list; the job reads the named channels through the Asset, runs
 * windows of them as tasks on the gateway (a TensorInference stand-in) and publishes the outcomes.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AssetJobIT extends OsgiTestSupport {

    private static final String SCHEDULER_PID = "io.aiosedge.scheduler.TaskScheduler";
    private static final String ASSET_JOB_PID = "io.aiosedge.scheduler.AssetJob";

    private final List<ServiceRegistration<?>> registrations = new CopyOnWriteArrayList<>();
    private final List<org.osgi.service.cm.Configuration> configurations = new CopyOnWriteArrayList<>();
    private SchedulerFixtures.StubInference inference;

    @Configuration
    public Option[] config() {
        return new Option[] {platform()};
    }

    @After
    public void cleanUp() throws Exception {
        for (org.osgi.service.cm.Configuration configuration : configurations) {
            try {
                configuration.delete();
            } catch (IllegalStateException alreadyDeleted) {
                // deleted by the test
            }
        }
        await("the scheduler to stop", () -> context.getServiceReference(TaskScheduler.class) == null);
        registrations.forEach(ServiceRegistration::unregister);
        if (inference != null) {
            inference.close();
        }
    }

    private void register(Class<?> type, Object service, Map<String, Object> properties) {
        Hashtable<String, Object> dictionary = new Hashtable<>(properties);
        dictionary.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
        registrations.add(context.registerService(type.getName(), service, dictionary));
    }

    @Test
    public void aJobNamingAnAssetReadsItsChannelsThroughTheAssetAndPublishesResults() throws Exception {
        inference = new SchedulerFixtures.StubInference(1);
        register(TensorInference.class, inference, Map.of());
        RecordingCloudPublisher publisher = new RecordingCloudPublisher();
        register(CloudPublisher.class, publisher, Map.of("kura.service.pid", "it-results"));
        PumpAsset asset = new PumpAsset();
        register(Asset.class, asset, Map.of("kura.service.pid", "it-pump"));
        Map<String, Object> scheduler = new HashMap<>();
        scheduler.put("kura.service.pid", SCHEDULER_PID);
        scheduler.put("policy", "min-completion");
        scheduler.put("local.slots", 2);
        configurations.add(configure(SCHEDULER_PID, scheduler));

        Map<String, Object> job = new HashMap<>();
        job.put("kura.service.pid", "it-asset-job");
        job.put("Asset.target", "(kura.service.pid=it-pump)");
        job.put("asset.channels", "flow,pressure");
        job.put("CloudPublisher.target", "(kura.service.pid=it-results)");
        job.put("window.samples", 3);
        job.put("trigger.rate.ms", 20L);
        job.put("task.deadline.ms", 60_000L);
        configurations.add(createFactoryConfiguration(ASSET_JOB_PID, job));

        await("2 published results", () -> publisher.messages.size() >= 2);
        KuraMessage message = publisher.messages.get(0);
        assertEquals("COMPLETED", message.getPayload().getMetric("status"));
        assertEquals("gateway", message.getPayload().getMetric("node"));
        assertEquals("it-asset-job", message.getProperties().get("job"));
        float[] input = inference.inputs.get(0);
        assertEquals("3 samples x 2 channels", 6, input.length);
        for (int k = 0; k < 6; k += 2) {
            assertEquals("flow first, as listed", 4.0f, input[k], 1e-6f);
            assertEquals("pressure second", 1.5f, input[k + 1], 1e-6f);
        }
        assertTrue("only the listed channels were asked for: " + asset.asked,
                asset.asked.stream().allMatch(names -> names.equals(List.of("flow", "pressure"))));
    }

    /** A Kura Asset with three channels; read(Set) answers in the order asked, as Kura's BaseAsset does. */
    static final class PumpAsset implements Asset {
        final List<List<String>> asked = new CopyOnWriteArrayList<>();

        @Override
        public List<ChannelRecord> read(Set<String> names) {
            asked.add(new ArrayList<>(names));
            List<ChannelRecord> records = new ArrayList<>();
            for (String name : names) {
                ChannelRecord record = ChannelRecord.createReadRecord(name, DataType.DOUBLE);
                record.setValue(TypedValues.newDoubleValue("flow".equals(name) ? 4.0 : "pressure".equals(name) ? 1.5
                        : 99.0));
                record.setChannelStatus(new ChannelStatus(ChannelFlag.SUCCESS));
                record.setTimestamp(System.currentTimeMillis());
                records.add(record);
            }
            return records;
        }

        @Override
        public List<ChannelRecord> readAllChannels() {
            return read(new java.util.LinkedHashSet<>(List.of("flow", "pressure", "speed")));
        }

        @Override
        public AssetConfiguration getAssetConfiguration() {
            return new AssetConfiguration("pump", "it-driver", Map.of());
        }

        @Override
        public void registerChannelListener(String channelName, ChannelListener listener) throws KuraException {
            throw new UnsupportedOperationException("not used by jobs");
        }

        @Override
        public void unregisterChannelListener(ChannelListener listener) throws KuraException {
            throw new UnsupportedOperationException("not used by jobs");
        }

        @Override
        public void write(List<ChannelRecord> records) throws KuraException {
            throw new UnsupportedOperationException("not used by jobs");
        }
    }
}
