package io.aiosedge.learning.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.ai.inference.InferenceEngineService;
import org.eclipse.kura.ai.inference.ModelInfo;
import org.eclipse.kura.ai.inference.TensorDescriptor;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.request.RequestHandler;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.eclipse.kura.message.KuraPayload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelUpdaterTest {

    @TempDir
    Path temp;

    /** An endpoint that hands test messages to its subscribers. */
    static final class OfferEndpoint implements CloudEndpoint {
        final Map<CloudSubscriberListener, Map<String, Object>> subscribers = new ConcurrentHashMap<>();

        void deliver(KuraPayload payload) {
            KuraMessage message = new KuraMessage(payload, Map.of("topic", "aios/v1/t1/learning/models/anomaly-edge"));
            subscribers.keySet().forEach(l -> l.onMessageArrived(message));
        }

        @Override
        public String publish(KuraMessage message) {
            return "m";
        }

        @Override
        public void registerSubscriber(Map<String, Object> properties, CloudSubscriberListener listener) {
            subscribers.put(listener, properties);
        }

        @Override
        public void unregisterSubscriber(CloudSubscriberListener listener) {
            subscribers.remove(listener);
        }

        @Override
        public void registerCloudDeliveryListener(CloudDeliveryListener listener) {
        }

        @Override
        public void unregisterCloudDeliveryListener(CloudDeliveryListener listener) {
        }
    }

    private final OfferEndpoint endpoint = new OfferEndpoint();
    private final InferenceEngineService engine = mock(InferenceEngineService.class);
    private final RequestHandler handler = mock(RequestHandler.class);
    /** What the engine serves: version and folder. */
    private final AtomicReference<String[]> serving = new AtomicReference<>(new String[] {"1.0.0", "/data/bundle/edge"});
    private ModelUpdater updater;

    @BeforeEach
    void engine() throws Exception {
        when(engine.getModelInfo("anomaly-edge")).thenAnswer(i -> Optional.of(info(serving.get())));
        when(handler.doPut(any(), any())).thenAnswer(i -> {
            KuraPayload p = i.<KuraMessage>getArgument(1).getPayload();
            serving.set(new String[] {p.getMetric("version").toString(), "/data/cloud/" + p.getMetric("version")});
            return new KuraMessage(new KuraPayload());
        });
        org.mockito.Mockito.doAnswer(i -> {
            serving.set(new String[] {"content-" + i.<Optional<String>>getArgument(1).orElseThrow().hashCode(),
                    i.<Optional<String>>getArgument(1).orElseThrow()});
            return null;
        }).when(engine).loadModel(eq("anomaly-edge"), any());
    }

    @AfterEach
    void stop() throws Exception {
        if (updater != null) {
            updater.deactivate();
        }
    }

    private static ModelInfo info(String[] versionAndFolder) {
        return ModelInfo.builder("anomaly-edge").version(versionAndFolder[0]).addParameter("directory",
                versionAndFolder[1]).addInputDescriptor(TensorDescriptor.builder("window", "FP32", List.of(-1L, 64L))
                        .build()).addOutputDescriptor(TensorDescriptor.builder("anomaly", "FP32", List.of(-1L, 1L))
                                .build()).build();
    }

    private ModelUpdater updater(Map<String, ?> properties) throws Exception {
        updater = new ModelUpdater(config(properties), temp.resolve(ModelUpdater.REFUSED_FILE), endpoint, () -> engine,
                handler);
        return updater;
    }

    private static KuraPayload offer(String model, String version) {
        KuraPayload p = new KuraPayload();
        p.addMetric("format", "aios-model-offer/1");
        p.addMetric("model", model);
        p.addMetric("version", version);
        p.addMetric("sha256", "ab".repeat(32));
        p.setBody(new byte[] {1, 2, 3});
        return p;
    }

    /** {@code n} edge answers, every {@code every}-th of them escalated and contradicted by the cloud. */
    private void answers(ModelUpdater u, int n, int every) {
        for (int i = 1; i <= n; i++) {
            if (every > 0 && i % every == 0) {
                u.taskCompleted(Completions.escalated("t" + i, 0.6f, 0.1f, i));
            } else if (i % 3 == 0) {
                u.taskCompleted(Completions.escalated("t" + i, 0.6f, 0.9f, i)); // escalated, agrees
            } else {
                u.taskCompleted(Completions.confident("t" + i, 0.05f, i));
            }
        }
    }

    @Test
    void anOfferGoesToTheEnginesModelsHandlerAndAWorseVersionIsRolledBackAndRefused() throws Exception {
        ModelUpdater u = updater(Map.of("rollback.window", 100, "rollback.margin", 0.05));
        assertThat(endpoint.subscribers.values())
                .containsExactly(Map.of("topic.filter", "aios/v1/#{tenant}/learning/models/+", "qos", 1));
        answers(u, 200, 20); // 5 % before

        KuraPayload offer = offer("anomaly-edge", "v1");
        endpoint.deliver(offer);
        await().atMost(Duration.ofSeconds(10)).until(() -> u.status().installed() == 1);
        org.mockito.ArgumentCaptor<KuraMessage> sent = org.mockito.ArgumentCaptor.forClass(KuraMessage.class);
        verify(handler).doPut(any(), sent.capture());
        assertThat(sent.getValue().getPayload()).isSameAs(offer);
        assertThat(u.status().models().get(0).judging()).isTrue();
        assertThat(u.status().models().get(0).baseline()).isEqualTo(0.05);

        answers(u, 100, 5); // 20 % after
        await().atMost(Duration.ofSeconds(10)).until(() -> u.status().rollbacks() == 1);
        verify(engine).loadModel("anomaly-edge", Optional.of("/data/bundle/edge"));
        ModelUpdater.Status status = u.status();
        assertThat(status.refused()).containsExactly("anomaly-edge v1");
        assertThat(status.swaps()).hasSize(1);
        assertThat(status.swaps().get(0).outcome()).startsWith("rolled back to 1.0.0: disagreement 0.2");
        assertThat(ModelUpdateCommands.format(status)).contains("anomaly-edge 1.0.0 -> v1: rolled back to 1.0.0")
                .contains("refused (rolled back here): anomaly-edge v1");

        // the same version offered again (a retained offer, also after a restart) is not installed again
        endpoint.deliver(offer("anomaly-edge", "v1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> u.status().ignored() == 1);
        u.deactivate();
        updater = null;
        ModelUpdater restarted = updater(Map.of());
        endpoint.deliver(offer("anomaly-edge", "v1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> restarted.status().ignored() == 1);
        verify(handler, times(1)).doPut(any(), any());
        assertThat(restarted.status().lastProblem()).contains("it was rolled back here");
    }

    /** An updater (window 100) that saw 100 answers of 1.0.0 at 5 % and installed v1, now judged. */
    private ModelUpdater judgingV1(double margin) throws Exception {
        ModelUpdater u = updater(Map.of("rollback.window", 100, "rollback.margin", margin));
        answers(u, 100, 20);
        endpoint.deliver(offer("anomaly-edge", "v1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> u.status().installed() == 1);
        return u;
    }

    @Test
    void aVersionReplacedBeforeItWasJudgedIsNotWhereARollbackGoes() throws Exception {
        ModelUpdater u = judgingV1(0.3); // 5 % with 1.0.0 before
        answers(u, 30, 2); // 50 % with v1, not decided yet
        endpoint.deliver(offer("anomaly-edge", "v2"));
        await().atMost(Duration.ofSeconds(10)).until(() -> u.status().installed() == 2);
        assertThat(u.status().models().get(0).baseline()).as("1.0.0's, not v1's").isEqualTo(0.05);
        assertThat(u.status().swaps().get(0).outcome()).startsWith("superseded by v2 before its window ended: 0.500");

        answers(u, 100, 2); // v2 as bad
        await().atMost(Duration.ofSeconds(10)).until(() -> u.status().rollbacks() == 1);
        verify(engine).loadModel("anomaly-edge", Optional.of("/data/bundle/edge")); // not v1's folder
        assertThat(u.status().refused()).containsExactly("anomaly-edge v2");
        assertThat(u.status().swaps().get(1).outcome()).startsWith("rolled back to 1.0.0: disagreement 0.5");
    }

    @Test
    void aVersionOfferedWhileTheLastOneIsRolledBackIsJudgedAgainstTheKeptOne() throws Exception {
        ModelUpdater u = judgingV1(0.1); // 5 % with 1.0.0 before
        // v2's install holds the component's thread while v1 is judged worse: v1's rollback runs after it
        java.util.concurrent.CountDownLatch installing = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        org.mockito.Mockito.doAnswer(i -> {
            installing.countDown();
            release.await();
            serving.set(new String[] {"v2", "/data/cloud/v2"});
            return new KuraMessage(new KuraPayload());
        }).when(handler).doPut(any(), any());
        endpoint.deliver(offer("anomaly-edge", "v2"));
        assertThat(installing.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        answers(u, 100, 2); // v1 at 50 %: rolled back as soon as the thread is free
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> u.status().refused().contains("anomaly-edge v1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> u.status().installed() == 2);
        verify(engine, never()).loadModel(anyString(), any()); // v2 serves; v1 is only refused
        ModelUpdater.Status status = u.status();
        assertThat(status.models().get(0).serving()).isEqualTo("v2");
        assertThat(status.models().get(0).baseline()).as("1.0.0's").isEqualTo(0.05);
        assertThat(status.swaps().get(0).outcome()).startsWith("refused, already replaced by v2: disagreement");

        answers(u, 100, 2); // v2 as bad: back to 1.0.0, not to v1
        await().atMost(Duration.ofSeconds(10)).until(() -> u.status().rollbacks() == 1);
        verify(engine).loadModel("anomaly-edge", Optional.of("/data/bundle/edge"));
        assertThat(u.status().refused()).containsExactly("anomaly-edge v1", "anomaly-edge v2");
    }

    @Test
    void aSwapJudgedAcrossARestartIsStillRolledBack() throws Exception {
        ModelUpdater u = judgingV1(0.1); // 5 % with 1.0.0 before
        answers(u, 30, 2); // 50 % so far, not decided
        u.deactivate();
        updater = null;

        ModelUpdater restarted = updater(Map.of("rollback.window", 100, "rollback.margin", 0.1));
        ModelUpdater.ModelState state = restarted.status().models().get(0);
        assertThat(state.judging()).isTrue();
        assertThat(state.baseline()).isEqualTo(0.05);
        assertThat(state.judged()).isEqualTo(30);
        endpoint.deliver(offer("anomaly-edge", "v1")); // the retained offer: serving already
        answers(restarted, 100, 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> restarted.status().rollbacks() == 1);
        verify(engine).loadModel("anomaly-edge", Optional.of("/data/bundle/edge"));
        assertThat(restarted.status().refused()).containsExactly("anomaly-edge v1");
    }

    @Test
    void anOfferAtStartIsJudgedAgainstTheWindowFromBeforeTheRestart() throws Exception {
        ModelUpdater u = updater(Map.of("rollback.window", 100, "rollback.margin", 0.05));
        answers(u, 100, 5); // 20 % with 1.0.0
        u.deactivate();
        updater = null;

        ModelUpdater restarted = updater(Map.of("rollback.window", 100, "rollback.margin", 0.05));
        endpoint.deliver(offer("anomaly-edge", "v2")); // pushed while the gateway was off, retained
        await().atMost(Duration.ofSeconds(10)).until(() -> restarted.status().installed() == 1);
        assertThat(restarted.status().models().get(0).baseline()).as("not 0 from an empty window").isEqualTo(0.20);
        answers(restarted, 100, 5); // as good as 1.0.0
        assertThat(restarted.status().swaps().get(0).outcome()).startsWith("kept: 0.200 over 100 answers");
        verify(engine, never()).loadModel(anyString(), any());
    }

    @Test
    void aDamagedStateFileIsIgnoredAndNamed() throws Exception {
        Files.writeString(temp.resolve(ModelUpdater.STATE_FILE), "anomaly-edge\tv1\t1.0.0\t/x\trule/1 - - 1\n");
        ModelUpdater u = updater(Map.of());
        assertThat(u.status().lastProblem()).contains(ModelUpdater.STATE_FILE + " ignored")
                .contains("line 1: not a rule state of format rule/1");
        assertThat(u.status().models().get(0).judging()).isFalse();
        assertThat(u.rollBackNow("anomaly-edge")).isEqualTo("no swap of 'anomaly-edge' to roll back");
    }

    @Test
    void aVersionThatDisagreesNoMoreIsKept() throws Exception {
        ModelUpdater u = updater(Map.of("rollback.window", 100, "rollback.margin", 0.02));
        answers(u, 100, 10); // 10 % before
        endpoint.deliver(offer("anomaly-edge", "v2"));
        await().atMost(Duration.ofSeconds(10)).until(() -> u.status().installed() == 1);
        answers(u, 100, 25); // 4 % after
        assertThat(u.status().swaps().get(0).outcome()).startsWith("kept: 0.040 over 100 answers");
        assertThat(u.status().models().get(0).judging()).isFalse();
        verify(engine, never()).loadModel(anyString(), any());
        assertThat(u.status().models().get(0).serving()).isEqualTo("v2");
    }

    @Test
    void offersOfOtherModelsTheServingVersionOrARefusedArchiveChangeNothing() throws Exception {
        ModelUpdater u = updater(Map.of());
        endpoint.deliver(offer("anomaly-cloud", "v1"));
        endpoint.deliver(offer("anomaly-edge", "1.0.0"));
        KuraPayload notAnOffer = new KuraPayload();
        notAnOffer.addMetric("model", "anomaly-edge");
        endpoint.deliver(notAnOffer);
        await().atMost(Duration.ofSeconds(10)).until(() -> u.status().offers() == 3);
        verify(handler, never()).doPut(any(), any());
        assertThat(u.status().ignored()).isEqualTo(3);

        org.mockito.Mockito.doThrow(new KuraException(KuraErrorCode.SECURITY_EXCEPTION,
                "model 'anomaly-edge': no signature; nothing was installed")).when(handler).doPut(any(), any());
        endpoint.deliver(offer("anomaly-edge", "v3"));
        await().atMost(Duration.ofSeconds(10)).until(() -> u.status().offers() == 4);
        await().atMost(Duration.ofSeconds(10)).until(() -> u.status().lastProblem().contains("refused by the engine"));
        assertThat(u.status().lastProblem()).contains("no signature").contains("v3");
        assertThat(u.status().installed()).isZero();
        answers(u, 500, 1); // no swap is judged: nothing rolls back
        verify(engine, never()).loadModel(anyString(), any());
    }

    @Test
    void aSwapIsRolledBackByHand() throws Exception {
        ModelUpdater u = updater(Map.of("rollback.enabled", false));
        assertThat(u.rollBackNow("anomaly-edge")).isEqualTo("no swap of 'anomaly-edge' to roll back");
        endpoint.deliver(offer("anomaly-edge", "v4"));
        await().atMost(Duration.ofSeconds(10)).until(() -> u.status().installed() == 1);
        answers(u, 300, 1); // all disagree, but automatic rollback is off
        verify(engine, never()).loadModel(anyString(), any());
        assertThat(u.status().swaps().get(0).outcome()).startsWith("kept, automatic rollback off");

        assertThat(u.rollBackNow("anomaly-edge")).isEqualTo("rolled back anomaly-edge v4 to 1.0.0");
        verify(engine).loadModel("anomaly-edge", Optional.of("/data/bundle/edge"));
        assertThat(Files.readAllLines(temp.resolve(ModelUpdater.REFUSED_FILE))).containsExactly("anomaly-edge v4");
    }

    @Test
    void badSettingsAreNamed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> updater(Map.of("rollback.window", 3)))
                .hasMessage("rollback.window must be within 10..1000000: 3");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> updater(Map.of("models", " , ")))
                .hasMessageContaining("models must name at least one model");
        assertThat(endpoint.subscribers).isEmpty();
    }

    static ModelUpdater.Config config(Map<String, ?> properties) {
        Map<String, Object> values = new HashMap<>(properties);
        return (ModelUpdater.Config) Proxy.newProxyInstance(ModelUpdaterTest.class.getClassLoader(),
                new Class<?>[] {ModelUpdater.Config.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(values, args);
                    }
                    Object value = values.get(method.getName().replace('_', '.'));
                    if (value == null) {
                        return method.getDefaultValue();
                    }
                    if (method.getReturnType() == int.class) {
                        return ((Number) value).intValue();
                    }
                    if (method.getReturnType() == double.class) {
                        return ((Number) value).doubleValue();
                    }
                    return value;
                });
    }
}
