package ai.pagent.servlet;

import java.net.URI;

/** A web app running in an embedded container, at {@link #uri(String)} on loopback. */
interface WebApp extends AutoCloseable {
    /** {@code path} inside the web app, e.g. {@code /vars}. */
    URI uri(String path);

    /** {@code host:port} of the container. */
    int port();

    String contextPath();

    @Override
    void close();
}
