package io.aiosedge.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar as a user starts it, with a 256 MiB heap limit: the first start (every Deployment Package
 * installed through DeploymentAdmin) and a restart both end with every component up; the web console answers with
 * its credentials and renders our metatype; the heap after a full GC at steady state is measured. The figures are
 * printed for the README.
 */
class GatewayStartupIT {

    @TempDir
    Path folder;

    /** The web console's, as the first start printed it. */
    private String password;

    @Test
    void startsRestartsServesTheConsoleAndStaysSmall() throws Exception {
        try (GatewayProcess gateway = new GatewayProcess(this.folder)) {
            long first = gateway.startAndExit();
            Matcher printed = WebConsoleCredentialsTest.PRINTED.matcher(gateway.output());
            assertThat(printed.find()).as("the web console password printed at the first start").isTrue();
            this.password = printed.group(1);
            long warm = gateway.startAndExit();

            long running = gateway.start();
            HttpClient http = HttpClient.newHttpClient();
            String console = "http://localhost:" + gateway.httpPort() + "/system/console";
            assertThat(http.send(HttpRequest.newBuilder(URI.create(console + "/bundles")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).as("without credentials").isEqualTo(401);
            HttpResponse<String> page = http.send(authorized(console + "/configMgr/io.aiosedge.scheduler.TaskScheduler"),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            HttpResponse<String> json = http.send(authorized(console
                    + "/configMgr/io.aiosedge.scheduler.TaskScheduler?post=true"), HttpResponse.BodyHandlers.ofString());
            assertThat(json.body()).as("the scheduler's metatype as the console renders it")
                    .contains("Placement policy").contains("min-completion");

            // Steady state: the job has been producing windows for a while.
            long steadyDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (System.nanoTime() < steadyDeadline) {
                Thread.sleep(500);
            }
            long heapMiB = heapUsedAfterGcMiB(gateway.pid());
            System.out.printf("gateway start-up (JVM start to every component up): first start %d ms, restart %d ms,"
                    + " running start %d ms; heap used after full GC at steady state %d MiB (-Xmx256m)%n", first, warm,
                    running, heapMiB);
            assertThat(heapMiB).isLessThan(256);
        }
    }

    private HttpRequest authorized(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(("admin:" + this.password).getBytes(StandardCharsets.UTF_8))).build();
    }

    /** jcmd GC.run then GC.heap_info: the heap the live objects take. */
    private static long heapUsedAfterGcMiB(long pid) throws IOException, InterruptedException {
        String jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString();
        run(jcmd, Long.toString(pid), "GC.run");
        String info = run(jcmd, Long.toString(pid), "GC.heap_info");
        Matcher used = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(info);
        assertThat(used.find()).as(info).isTrue();
        return Long.parseLong(used.group(2)) / 1024;
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
