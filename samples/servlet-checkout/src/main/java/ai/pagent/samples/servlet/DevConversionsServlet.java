package ai.pagent.samples.servlet;

import ai.pagent.samples.shop.LocalIngest;
import ai.pagent.servlet.PagentContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The local ingest's dev page; registered only when the sample runs without an API key. */
final class DevConversionsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient LocalIngest local;

    DevConversionsServlet(LocalIngest local) {
        this.local = local;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        var client = PagentContextListener.client(getServletContext());
        if (client.isEmpty()) {
            resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "the pagent client is not running");
            return;
        }
        resp.setContentType("text/html;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getOutputStream().write(local.devPage(client.get()).getBytes(StandardCharsets.UTF_8));
    }
}
