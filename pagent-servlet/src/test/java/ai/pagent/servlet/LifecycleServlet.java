package ai.pagent.servlet;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import ai.pagent.PagentVariables;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The servlet of the web apps that {@code web.xml} describes (public: the container creates it by
 * name). {@code /track} tracks a checkout with the web app's client; every other path is 404, as
 * a default servlet would answer.
 */
public final class LifecycleServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!"/track".equals(req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo()))) {
            resp.sendError(404);
            return;
        }
        Optional<PagentClient> client = PagentContextListener.client(getServletContext());
        Optional<PagentVariables> variables = PagentRequests.variables(req);
        boolean tracked = client.isPresent()
                && variables.isPresent()
                && client.get()
                        .track(Conversion.builder()
                                .variables(variables.get())
                                .label("checkout")
                                .revenueCents(999)
                                .build());
        ClassLoader mine = getClass().getClassLoader();
        String text = "client=" + (client.isPresent() ? "present" : "absent")
                + "\ntracked=" + tracked
                + "\npagent-from-webapp="
                + (PagentClient.class.getClassLoader() == mine
                        && PagentRequests.class.getClassLoader() == mine
                        && mine != ClassLoader.getSystemClassLoader())
                + "\n";
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    }
}
