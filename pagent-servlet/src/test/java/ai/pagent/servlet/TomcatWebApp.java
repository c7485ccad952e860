package ai.pagent.servlet;

import jakarta.servlet.ServletContainerInitializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;

/** Tomcat 11 serving one context at {@code /app}, set up by a container initializer. */
final class TomcatWebApp implements WebApp {
    private final Tomcat tomcat;
    private final int port;

    private TomcatWebApp(Tomcat tomcat, int port) {
        this.tomcat = tomcat;
        this.port = port;
    }

    /** A Tomcat on a free loopback port, not started yet. */
    static Tomcat newTomcat() {
        try {
            Tomcat tomcat = new Tomcat();
            Path base = Files.createTempDirectory("pagent-tomcat");
            tomcat.setBaseDir(base.toString());
            tomcat.setPort(0);
            tomcat.getConnector().setProperty("address", "127.0.0.1");
            tomcat.getHost(); // creates the default host, which start() does not
            return tomcat;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TomcatWebApp start(ServletContainerInitializer app) {
        Tomcat tomcat = newTomcat();
        try {
            Context context = tomcat.addContext(
                    "/app", Files.createTempDirectory("pagent-docbase").toString());
            context.addServletContainerInitializer(app, null);
            tomcat.start();
            if (!context.getState().isAvailable()) {
                throw new IllegalStateException("the web app is " + context.getState());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not start", e);
        }
        return new TomcatWebApp(tomcat, tomcat.getConnector().getLocalPort());
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
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }
}
