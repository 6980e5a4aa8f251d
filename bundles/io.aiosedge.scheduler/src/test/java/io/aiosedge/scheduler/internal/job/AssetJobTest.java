package io.aiosedge.scheduler.internal.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.kura.KuraErrorCode;
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
import org.eclipse.kura.type.TypedValue;
import org.eclipse.kura.type.TypedValues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.aiosedge.api.scheduler.NodeKind;
import io.aiosedge.api.scheduler.Task;
import io.aiosedge.api.scheduler.TaskResult;
import io.aiosedge.api.scheduler.TaskScheduler;

/** Jobs that read through a Kura Asset: which channels, in which order, what fails a sample, end to end. */
class AssetJobTest {

    private AssetJobComponent job;

    @AfterEach
    void stop() {
        if (job != null) {
            job.deactivate();
        }
    }

    /** An asset as Kura's BaseAsset answers: FAILURE for a name it does not know, values for the rest. */
    static final class FakeAsset implements Asset {
        final Map<String, TypedValue<?>> values = new HashMap<>();
        final List<Set<String>> namedReads = new CopyOnWriteArrayList<>();
        volatile int readAlls;
        volatile KuraException failure;

        @Override
        public List<ChannelRecord> read(Set<String> names) throws KuraException {
            namedReads.add(names);
            if (failure != null) {
                throw failure;
            }
            List<ChannelRecord> records = new ArrayList<>();
            for (String name : names) {
                records.add(record(name));
            }
            return records;
        }

        @Override
        public List<ChannelRecord> readAllChannels() throws KuraException {
            readAlls++;
            if (failure != null) {
                throw failure;
            }
            List<ChannelRecord> records = new ArrayList<>();
            values.keySet().stream().sorted(java.util.Comparator.reverseOrder()).forEach(n -> records.add(record(n)));
            return records;
        }

        private ChannelRecord record(String name) {
            TypedValue<?> value = values.get(name);
            ChannelRecord record = ChannelRecord.createReadRecord(name,
                    value == null ? DataType.DOUBLE : value.getType());
            if (value == null) {
                record.setChannelStatus(new ChannelStatus(ChannelFlag.FAILURE, "Channel not available", null));
            } else {
                record.setValue(value);
                record.setChannelStatus(new ChannelStatus(ChannelFlag.SUCCESS));
            }
            record.setTimestamp(System.currentTimeMillis());
            return record;
        }

        @Override
        public AssetConfiguration getAssetConfiguration() {
            return new AssetConfiguration("fake", "driver", Map.of());
        }

        @Override
        public void registerChannelListener(String channelName, ChannelListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void unregisterChannelListener(ChannelListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void write(List<ChannelRecord> records) {
            throw new UnsupportedOperationException();
        }
    }

    private static FakeAsset pump() {
        FakeAsset asset = new FakeAsset();
        asset.values.put("vibration", TypedValues.newDoubleValue(0.5));
        asset.values.put("temperature", TypedValues.newFloatValue(21.5f));
        asset.values.put("running", TypedValues.newBooleanValue(true));
        return asset;
    }

    @Test
    void namedChannelsAreReadThroughTheAssetInTheJobsOrder() throws Exception {
        FakeAsset asset = pump();
        AssetSampleSource source = new AssetSampleSource(asset, List.of("temperature", "vibration"));

        assertThat(source.read()).containsExactly(21.5, 0.5);
        assertThat(asset.namedReads).singleElement().satisfies(names ->
                assertThat(names).containsExactly("temperature", "vibration"));
        assertThat(asset.readAlls).isZero();
    }

    @Test
    void withoutNamesEveryReadableChannelIsReadInNameOrder() throws Exception {
        FakeAsset asset = pump();
        AssetSampleSource source = new AssetSampleSource(asset, List.of());

        // The fake returns them in reverse name order; the job orders them by name.
        assertThat(source.read()).containsExactly(1.0, 21.5, 0.5);
        assertThat(asset.readAlls).isEqualTo(1);
        assertThat(asset.namedReads).isEmpty();
    }

    @Test
    void aFailedChannelANonNumberOrAnAssetErrorFailsTheSampleNamingWhy() {
        FakeAsset asset = pump();
        asset.values.put("label", TypedValues.newStringValue("P-1"));

        assertThatThrownBy(() -> new AssetSampleSource(asset, List.of("vibration", "pressure")).read())
                .isInstanceOf(SampleSource.SampleReadException.class)
                .hasMessage("channel pressure: Channel not available");
        assertThatThrownBy(() -> new AssetSampleSource(asset, List.of("label")).read())
                .hasMessageContaining("channel label: value P-1 (STRING) is not numeric");
        asset.failure = new KuraException(KuraErrorCode.CONFIGURATION_ERROR, "Driver not attached");
        assertThatThrownBy(() -> new AssetSampleSource(asset, List.of()).read())
                .hasMessageContaining("asset read failed").hasMessageContaining("Driver not attached");
    }

    @Test
    void assetChannelsAreNamesSeparatedByCommasOrSemicolons() {
        assertThat(AssetSampleSource.parseChannels(" a, b;c ")).containsExactly("a", "b", "c");
        assertThat(AssetSampleSource.parseChannels("  ")).isEmpty();
        assertThatThrownBy(() -> AssetSampleSource.parseChannels("a,,b")).hasMessageContaining("empty channel name");
        assertThatThrownBy(() -> AssetSampleSource.parseChannels("a,a")).hasMessageContaining("'a' is listed twice");
    }

    @Test
    void anAssetJobRunsWindowsOfTheAssetsChannelsAsTasksAndPublishesTheOutcomes() throws Exception {
        FakeAsset asset = pump();
        List<Task> submitted = new CopyOnWriteArrayList<>();
        TaskScheduler scheduler = mock(TaskScheduler.class);
        when(scheduler.submit(any())).thenAnswer(invocation -> {
            Task task = invocation.getArgument(0);
            submitted.add(task);
            return CompletableFuture.completedFuture(new TaskResult(task.id(), "gateway", NodeKind.LOCAL,
                    task.model(), new float[] {0.9f}, 1, 0, 2, System.currentTimeMillis(), true, 0.9, 0.9, false,
                    false, Map.of()));
        });
        when(scheduler.explain(anyString())).thenReturn(Optional.empty());
        List<KuraMessage> published = new CopyOnWriteArrayList<>();
        CloudPublisher publisher = mock(CloudPublisher.class);
        when(publisher.publish(any())).thenAnswer(invocation -> {
            published.add(invocation.getArgument(0));
            return "id";
        });
        Map<String, Object> overrides = Map.of("trigger.rate.ms", 5L, "window.samples", 2, "asset.channels",
                "vibration,temperature", "task.model", "pump-model", "task.priority", 1);

        job = new AssetJobComponent(config(overrides), Map.of("kura.service.pid", "pump-job"), asset, publisher,
                scheduler);

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (published.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10); // polling the outcome, bounded by the deadline
        }
        assertThat(published).as("outcomes published within 5 s").hasSizeGreaterThanOrEqualTo(2);
        Task first = submitted.get(0);
        assertThat(first.id()).startsWith("pump-job-");
        assertThat(first.model()).isEqualTo("pump-model");
        assertThat(first.priority()).isEqualTo(1);
        assertThat(first.input().shape()).containsExactly(1, 4);
        assertThat(first.input().values()).containsExactly(0.5f, 21.5f, 0.5f, 21.5f);
        assertThat(published.get(0).getPayload().getMetric("status")).isEqualTo("COMPLETED");
        assertThat(published.get(0).getProperties()).containsEntry("job", "pump-job");
    }

    @Test
    void aBadAssetChannelsValueFailsActivationNamingIt() {
        assertThatThrownBy(() -> new AssetJobComponent(config(Map.of("asset.channels", "a;;b")),
                Map.of("kura.service.pid", "j"), pump(), mock(CloudPublisher.class), mock(TaskScheduler.class)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("property asset.channels = 'a;;b' is invalid");
        assertThatThrownBy(() -> new AssetJobComponent(config(Map.of("task.priority", 12)),
                Map.of("kura.service.pid", "j"), pump(), mock(CloudPublisher.class), mock(TaskScheduler.class)))
                .hasMessageContaining("property task.priority = '12' must be 0..9");
    }

    /** The configuration DS would hand over: defaults, except the given AD ids. */
    private static AssetJobComponent.Config config(Map<String, Object> overrides) {
        return (AssetJobComponent.Config) java.lang.reflect.Proxy.newProxyInstance(
                AssetJobComponent.Config.class.getClassLoader(), new Class<?>[] {AssetJobComponent.Config.class},
                (proxy, method, args) -> {
                    String id = method.getName().replace('_', '.');
                    return overrides.containsKey(id) ? overrides.get(id) : method.getDefaultValue();
                });
    }
}
