package ai.pagent.servlet;

import jakarta.servlet.ServletContainerInitializer;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Jetty 12 (ee10) serving one context at {@code /app}, set up by a container initializer. */
final class JettyWebApp implements WebApp {
    private final Server server;
    private final int port;

    private JettyWebApp(Server server, int port) {
        this.server = server;
        this.port = port;
    }

    static JettyWebApp start(ServletContainerInitializer app) {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/app");
        context.addServletContainerInitializer(app);
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not start", e);
        }
        return new JettyWebApp(server, connector.getLocalPort());
    }

    @Override
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + "/app" + path);
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String contextPath() {
        return "/app";
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
