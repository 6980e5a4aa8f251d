package io.aiosedge.dashboard.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The web console's "AIOS Edge" page ({@code /system/console/aiosedge}). Felix web console 5 takes any Jakarta
 * {@link Servlet} service with a {@value #LABEL_PROPERTY} as a plugin: it wraps the page in its own frame
 * (navigation, login) and passes every request below the label to this servlet, except {@code res/…}, which it serves
 * from this bundle's {@code /res} folder itself (the page's script and style sheet; nothing comes from elsewhere).
 *
 * <ul>
 * <li>{@code /aiosedge}: the page, an HTML fragment the console puts inside its frame; the script fills it.
 * <li>{@code /aiosedge/data.json}: the sampler's {@link DashboardView} as JSON ({@link DashboardJson}), which the
 * page polls every sampling period.
 * </ul>
 *
 * The page holds no text from a service: the script writes every task id, node id and model name as DOM text
 * ({@code textContent}), never as markup, and the JSON escapes {@code < > & '} besides.
 */
@Component(service = Servlet.class, property = {
        DashboardPlugin.LABEL_PROPERTY + "=" + DashboardPlugin.LABEL,
        "felix.webconsole.title=" + DashboardPlugin.TITLE,
        "felix.webconsole.category=AIOS"})
public final class DashboardPlugin extends HttpServlet {

    static final String LABEL_PROPERTY = "felix.webconsole.label";
    static final String LABEL = "aiosedge";
    static final String TITLE = "AIOS Edge";
    /** Set by the web console on each request: its root path, e.g. {@code /system/console}. */
    static final String APP_ROOT_ATTRIBUTE = "felix.webconsole.appRoot";

    private static final long serialVersionUID = 1L;

    private final transient AtomicReference<DashboardSampler> sampler = new AtomicReference<>();

    /** Optional: without a configured sampler the page still opens and says why it is empty. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSampler(DashboardSampler service) {
        sampler.set(service);
    }

    void unbindSampler(DashboardSampler service) {
        sampler.compareAndSet(service, null);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String prefix = "/" + LABEL;
        String rest = path.startsWith(prefix) ? path.substring(prefix.length()) : null;
        if ("".equals(rest) || "/".equals(rest)) {
            page(request, response);
        } else if ("/data.json".equals(rest)) {
            data(response);
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "no such page of the AIOS Edge dashboard");
        }
    }

    private void data(HttpServletResponse response) throws IOException {
        DashboardSampler current = sampler.get();
        String json = current == null
                ? DashboardJson.withoutSampler("the dashboard sampler is not running: it needs the configuration "
                        + DashboardSampler.PID + " (Configuration page)")
                : DashboardJson.of(current.view());
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(json);
    }

    private static void page(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object root = request.getAttribute(APP_ROOT_ATTRIBUTE);
        String appRoot = root instanceof String text ? text : request.getContextPath() + request.getServletPath();
        String base = Html.escape(appRoot + "/" + LABEL);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        PrintWriter out = response.getWriter();
        out.println(DashboardPage.html(base));
    }
}
