package io.aiosedge.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import com.hivemq.embedded.EmbeddedHiveMQ;

/**
 * An MQTT broker for the demo on machines without Mosquitto: HiveMQ Community Edition embedded, listening on
 * 127.0.0.1:{@code <port>} with its data in {@code <folder>}, until the process is stopped.
 * {@code java -cp ... io.aiosedge.demo.DemoBroker <port> <folder>}
 *
 * <p>Why not Moquette 0.17 (the target platform's test broker): it has no shared subscriptions for MQTT 3.1.1
 * clients. A worker's {@code $share/<group>/aios/v1/<tenant>/offload/<capability>} is an ordinary filter to it that
 * no request topic matches, and a copy of each request on the literal {@code $share/...} topic is dropped by the
 * connector's own topic matcher; the worker would never get a request. HiveMQ CE implements them.
 */
public final class DemoBroker {

    private DemoBroker() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 1883;
        Path folder = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("aios-demo-broker");
        Path conf = Files.createDirectories(folder.resolve("conf"));
        Files.writeString(conf.resolve("config.xml"), String.join("\n",
                "<?xml version=\"1.0\"?>",
                "<hivemq>",
                "  <listeners><tcp-listener><port>" + port + "</port><bind-address>127.0.0.1</bind-address>"
                        + "</tcp-listener></listeners>",
                "  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>",
                "</hivemq>", ""));
        EmbeddedHiveMQ broker = EmbeddedHiveMQ.builder().withConfigurationFolder(conf)
                .withDataFolder(Files.createDirectories(folder.resolve("data")))
                .withExtensionsFolder(Files.createDirectories(folder.resolve("extensions"))).build();
        broker.start().join();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.stop().join();
            stopped.countDown();
        }, "demo-broker-stop"));
        System.out.println("demo broker (HiveMQ CE, embedded) listening on 127.0.0.1:" + port);
        stopped.await();
    }
}
