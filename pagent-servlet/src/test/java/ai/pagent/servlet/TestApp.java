package ai.pagent.servlet;

import ai.pagent.PagentVariables;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The web app every container test deploys: the filter (installed by {@code filterInstaller}) and
 * servlets that report what they saw. Responses are {@code key=value} lines.
 */
final class TestApp implements ServletContainerInitializer {
    private final Consumer<ServletContext> filterInstaller;

    TestApp(Consumer<ServletContext> filterInstaller) {
        this.filterInstaller = filterInstaller;
    }

    /** Installs {@code filter} the programmatic way. */
    static TestApp with(PagentFilter filter) {
        return new TestApp(filter::register);
    }

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext ctx) {
        filterInstaller.accept(ctx);
        // Every real web app has a servlet on "/" (Tomcat's and Jetty's default servlets); without one,
        // Tomcat answers 404 for unmapped paths before any filter runs.
        ctx.addServlet("default", new NotFoundServlet()).addMapping("/");
        ctx.addServlet("vars", new VariablesServlet()).addMapping("/vars/*", "/other/*");
        ctx.addServlet("raw", new RawBodyServlet()).addMapping("/raw");
        ServletRegistration.Dynamic parts = ctx.addServlet("parts", new PartsServlet());
        parts.addMapping("/parts");
        parts.setMultipartConfig(new MultipartConfigElement(""));
        ServletRegistration.Dynamic async = ctx.addServlet("async", new AsyncServlet());
        async.addMapping("/async");
        async.setAsyncSupported(true);
        ServletRegistration.Dynamic forward = ctx.addServlet("forward", new ForwardServlet());
        forward.addMapping("/forward");
        forward.setAsyncSupported(true);
    }

    /** Our attribute names present before anyone asked for the variables. */
    static String pagentAttributes(HttpServletRequest req) {
        List<String> names = new ArrayList<>();
        for (String name : Collections.list(req.getAttributeNames())) {
            if (name.startsWith("ai.pagent")) {
                names.add(name);
            }
        }
        Collections.sort(names);
        return String.join(",", names);
    }

    static String variables(HttpServletRequest req) {
        return PagentRequests.variables(req).map(PagentVariables::toJson).orElse("none");
    }

    static void reply(HttpServletResponse resp, String text) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads its own form field first (as a handler does), then asks for the variables. */
    static final class VariablesServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String attributes = pagentAttributes(req);
            // "/noitem": a handler that never touches its parameters (so a broken form cannot fail it).
            String item = "/noitem".equals(req.getPathInfo()) ? "-" : String.valueOf(req.getParameter("item"));
            String first = variables(req);
            String again = variables(req);
            reply(
                    resp,
                    "attributes=" + attributes + "\nitem=" + item + "\nvariables=" + first + "\nsame="
                            + first.equals(again) + "\ndispatch=" + req.getDispatcherType() + "\n");
        }
    }

    /** Reads the raw body (JSON, multipart, or a form it parses itself), then asks for the variables. */
    static final class RawBodyServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String attributes = pagentAttributes(req);
            byte[] body = req.getInputStream().readAllBytes();
            reply(
                    resp,
                    "attributes=" + attributes + "\nbody=" + Base64.getEncoder().encodeToString(body) + "\nvariables="
                            + variables(req) + "\n");
        }
    }

    /** Parses its multipart body through the container, then asks for the variables. */
    static final class PartsServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            StringBuilder out = new StringBuilder();
            try {
                for (Part part : req.getParts()) {
                    out.append("part.")
                            .append(part.getName())
                            .append('=')
                            .append(Base64.getEncoder()
                                    .encodeToString(part.getInputStream().readAllBytes()))
                            .append('\n');
                }
            } catch (jakarta.servlet.ServletException e) {
                out.append("parts-failed=").append(e.getMessage()).append('\n');
            }
            reply(resp, out + "variables=" + variables(req) + "\n");
        }
    }

    /** Answers from another thread, or dispatches back into the container with {@code ?dispatch}. */
    static final class AsyncServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) {
            AsyncContext async = req.startAsync();
            if (req.getQueryString() != null && req.getQueryString().contains("dispatch")) {
                async.dispatch("/vars/dispatched");
                return;
            }
            async.start(() -> {
                try {
                    reply(
                            resp,
                            "thread=" + (Thread.currentThread().getName()) + "\nvariables=" + variables(req) + "\n");
                } catch (IOException e) {
                    resp.setStatus(500);
                } finally {
                    async.complete();
                }
            });
        }
    }

    static final class NotFoundServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.sendError(404);
        }
    }

    static final class ForwardServlet extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            try {
                req.getRequestDispatcher("/vars/forwarded").forward(req, resp);
            } catch (jakarta.servlet.ServletException e) {
                resp.sendError(500);
            }
        }
    }
}
