package ai.pagent.servlet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Constants;
import org.apache.catalina.startup.ContextConfig;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Real web app deployments on embedded Tomcat: a directory with {@code WEB-INF/web.xml}, deployed
 * with {@link ContextConfig} so that {@code web.xml} and {@code META-INF/services} initializers
 * apply as in a standalone Tomcat.
 */
final class TomcatDeployments {
    private TomcatDeployments() {}

    /** A web.xml with context parameters and {@link LifecycleServlet} on {@code /}, plus {@code extra} elements. */
    static String webXml(Map<String, String> contextParameters, String extra) {
        StringBuilder xml = new StringBuilder(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\""
                        + " version=\"6.0\" metadata-complete=\"true\">\n");
        contextParameters.forEach((k, v) -> xml.append("  <context-param><param-name>")
                .append(k)
                .append("</param-name><param-value>")
                .append(v)
                .append("</param-value></context-param>\n"));
        xml.append(extra)
                .append("  <servlet><servlet-name>app</servlet-name><servlet-class>")
                .append(LifecycleServlet.class.getName())
                .append("</servlet-class></servlet>\n")
                .append(
                        "  <servlet-mapping><servlet-name>app</servlet-name><url-pattern>/</url-pattern></servlet-mapping>\n")
                .append("</web-app>\n");
        return xml.toString();
    }

    static Map<String, String> params(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** A directory holding only {@code WEB-INF/web.xml}: every class comes from the test classpath. */
    static Path webAppDir(String webXml) {
        try {
            Path dir = Files.createTempDirectory("pagent-webapp");
            Files.createDirectories(dir.resolve("WEB-INF"));
            Files.writeString(dir.resolve("WEB-INF/web.xml"), webXml);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A self-contained web app: pagent-servlet's classes and the test servlet in {@code
     * WEB-INF/classes}, pagent-core and its runtime dependencies in {@code WEB-INF/lib}, so that the
     * web app's class loader loads all of pagent itself.
     */
    static Path selfContainedWebAppDir(String webXml) {
        Path dir = webAppDir(webXml);
        try {
            Path classes = dir.resolve("WEB-INF/classes");
            copyTree(Path.of(System.getProperty("webapp.classes.dir")), classes);
            Path testClasses = Path.of(System.getProperty("webapp.test.classes.dir"));
            String servlet = LifecycleServlet.class.getName().replace('.', '/') + ".class";
            Files.createDirectories(classes.resolve(servlet).getParent());
            Files.copy(testClasses.resolve(servlet), classes.resolve(servlet), StandardCopyOption.REPLACE_EXISTING);
            Path lib = Files.createDirectories(dir.resolve("WEB-INF/lib"));
            String classpath = Files.readString(Path.of(System.getProperty("webapp.classpath.file")))
                    .trim();
            for (String entry : classpath.split(java.io.File.pathSeparator)) {
                Path jar = Path.of(entry);
                Files.copy(jar, lib.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Deploys {@code dir} at {@code path} on a started Tomcat; the context starts at once. */
    static StandardContext deploy(Tomcat tomcat, String path, Path dir) {
        StandardContext context = new StandardContext();
        context.setName(path);
        context.setPath(path);
        context.setDocBase(dir.toString());
        ContextConfig config = new ContextConfig();
        config.setDefaultWebXml(Constants.NoDefaultWebXml);
        context.addLifecycleListener(config);
        StandardJarScanner scanner = new StandardJarScanner();
        scanner.setScanClassPath(false); // the test classpath has nothing for web apps; scanning it is slow
        context.setJarScanner(scanner);
        context.setParentClassLoader(TomcatDeployments.class.getClassLoader());
        tomcat.getHost().addChild(context);
        return context;
    }

    /** Stops and removes a web app, as undeploying it from a running Tomcat does. */
    static void undeploy(Tomcat tomcat, StandardContext context) {
        tomcat.getHost().removeChild(context);
    }

    /** Names of live threads starting with {@code prefix}. */
    static List<String> liveThreads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith(prefix))
                .sorted()
                .toList();
    }
}
