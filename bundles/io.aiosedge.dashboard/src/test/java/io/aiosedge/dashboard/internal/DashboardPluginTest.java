package io.aiosedge.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

class DashboardPluginTest {

    private final DashboardPlugin plugin = new DashboardPlugin();
    private final HttpServletResponse response = mock(HttpServletResponse.class);
    private final StringWriter body = new StringWriter();
    private DashboardSampler sampler;

    @AfterEach
    void stop() throws InterruptedException {
        if (sampler != null) {
            sampler.deactivate();
        }
    }

    private String get(String pathInfo, String appRoot) throws Exception {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getMethod()).thenReturn("GET");
        when(request.getPathInfo()).thenReturn(pathInfo);
        when(request.getAttribute(DashboardPlugin.APP_ROOT_ATTRIBUTE)).thenReturn(appRoot);
        when(request.getContextPath()).thenReturn("");
        when(request.getServletPath()).thenReturn("/system/console");
        when(response.getWriter()).thenReturn(new PrintWriter(body));
        plugin.service(request, response);
        return body.toString();
    }

    @Test
    void thePageLoadsItsScriptAndStyleFromThisBundle() throws Exception {
        String page = get("/aiosedge", "/system/console");
        assertThat(page).contains("<script src=\"/system/console/aiosedge/res/dashboard.js\"></script>",
                "href=\"/system/console/aiosedge/res/dashboard.css\"",
                "data-data-url=\"/system/console/aiosedge/data.json\"", "id=\"aios-chart-completion\"",
                "id=\"aios-recent\"").doesNotContain("http://", "https://");
        verify(response).setContentType("text/html");
        assertThat(getClass().getResource("/res/dashboard.js")).as("the script is in the bundle").isNotNull();
        assertThat(getClass().getResource("/res/dashboard.css")).as("the style sheet is in the bundle").isNotNull();
    }

    @Test
    void theConsolePathIsEscapedInThePage() throws Exception {
        String page = get("/aiosedge/", "/x\"><script>alert(1)</script>");
        assertThat(page).contains("/x&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;/aiosedge/data.json")
                .doesNotContain("<script>alert");
    }

    @Test
    void withoutASamplerTheDataSaysWhy() throws Exception {
        String json = get("/aiosedge/data.json", "/system/console");
        verify(response).setContentType("application/json");
        verify(response).setHeader("Cache-Control", "no-store");
        assertThat(TestJson.object(TestJson.parse(json))).containsEntry("sampling", false)
                .extractingByKey("reason").asString().contains(DashboardSampler.PID);
    }

    @Test
    void withASamplerTheDataIsItsView() throws Exception {
        sampler = new DashboardSampler(new DashboardSettings(1000, 10, 2), () -> Fixtures.NOW, false);
        sampler.taskCompleted(Fixtures.completion("<b>t1</b>", "gateway", 10, true, false));
        sampler.sampleNow();
        plugin.bindSampler(sampler);
        String json = get("/aiosedge/data.json", "/system/console");
        assertThat(json).doesNotContain("<b>");
        Map<String, Object> data = TestJson.object(TestJson.parse(json));
        assertThat(data).containsEntry("sampling", true).containsEntry("periodMillis", 1000.0)
                .containsEntry("placements", Map.of("gateway", 1.0));

        plugin.unbindSampler(sampler);
        body.getBuffer().setLength(0);
        assertThat(TestJson.object(TestJson.parse(get("/aiosedge/data.json", "/system/console"))))
                .containsEntry("sampling", false);
    }

    @Test
    void otherPathsAreNotFound() throws Exception {
        get("/aiosedge/other", "/system/console");
        verify(response).sendError(HttpServletResponse.SC_NOT_FOUND, "no such page of the AIOS Edge dashboard");
    }
}
