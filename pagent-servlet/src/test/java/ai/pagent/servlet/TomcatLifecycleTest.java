package ai.pagent.servlet;

import static ai.pagent.servlet.TomcatDeployments.deploy;
import static ai.pagent.servlet.TomcatDeployments.params;
import static ai.pagent.servlet.TomcatDeployments.undeploy;
import static ai.pagent.servlet.TomcatDeployments.webAppDir;
import static ai.pagent.servlet.TomcatDeployments.webXml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ai.pagent.PagentVariables;
import ai.pagent.test.FakeIngest;
import ai.pagent.test.ReceivedEvent;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The plain-servlet lifecycle on a real Tomcat: the container initializer installs the listener
 * and the filter only when pagent is configured, and the client lives and dies with the web app.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TomcatLifecycleTest {
    static final PagentVariables A =
            PagentVariables.of("s-life", "u-life", null, "7d444840-9dc0-11d1-b245-5ffdce74fad2");

    Tomcat tomcat;
    FakeIngest ingest;

    @BeforeAll
    void start() throws LifecycleException {
        ingest = FakeIngest.start();
        tomcat = TomcatWebApp.newTomcat();
        tomcat.start();
    }

    @AfterAll
    void stop() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
        ingest.close();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + path);
    }

    Map<String, String> configured(String... more) {
        Map<String, String> p = params(
                "pagent.api-key",
                ingest.apiKey(),
                "pagent.endpoint",
                ingest.endpoint().toString());
        p.putAll(params(more));
        return p;
    }

    @Test
    void anApiKeyInstallsTheFilterAndAClientThatIsClosedWithTheWebApp() {
        ingest.reset();
        StandardContext app = deploy(tomcat, "/configured", webAppDir(webXml(configured(), "")));

        Http.Reply r = Http.get(uri("/configured/track"), "X-Pagent-Variables", A.toJson());
        int script = Http.get(uri("/configured/_pagent/forward.js")).status();
        undeploy(tomcat, app);

        assertThat(r.get("client")).isEqualTo("present");
        assertThat(r.get("tracked")).isEqualTo("true");
        assertThat(script).isEqualTo(200);
        assertThat(ingest.awaitEvents(1, Duration.ofSeconds(10)))
                .extracting(ReceivedEvent::sessionId)
                .containsExactly("s-life");
        assertThat(TomcatDeployments.liveThreads("pagent-")).isEmpty();
    }

    @Test
    void withoutConfigurationNothingIsInstalled() {
        assumeThat(System.getenv("PAGENT_API_KEY"))
                .as("PAGENT_API_KEY is set here")
                .isNull();
        StandardContext app = deploy(tomcat, "/bare", webAppDir(webXml(params(), "")));

        Http.Reply r = Http.get(uri("/bare/track"), "X-Pagent-Variables", A.toJson());
        int script = Http.get(uri("/bare/_pagent/forward.js")).status();
        undeploy(tomcat, app);

        assertThat(r.get("client")).isEqualTo("absent");
        assertThat(script).isEqualTo(404);
    }

    @Test
    void enabledFalseInstallsNothingEvenWithAKey() {
        StandardContext app = deploy(tomcat, "/off", webAppDir(webXml(configured("pagent.enabled", "false"), "")));

        Http.Reply r = Http.get(uri("/off/track"));
        int script = Http.get(uri("/off/_pagent/forward.js")).status();
        undeploy(tomcat, app);

        assertThat(r.get("client")).isEqualTo("absent");
        assertThat(script).isEqualTo(404);
    }

    @Test
    void filterEnabledFalseKeepsOnlyTheClient() {
        StandardContext app =
                deploy(tomcat, "/nofilter", webAppDir(webXml(configured("pagent.filter.enabled", "false"), "")));

        Http.Reply r = Http.get(uri("/nofilter/track"));
        int script = Http.get(uri("/nofilter/_pagent/forward.js")).status();
        undeploy(tomcat, app);

        assertThat(r.get("client")).isEqualTo("present");
        assertThat(script).isEqualTo(404);
    }

    @Test
    void contextParametersConfigureTheInstalledFilter() {
        StandardContext app = deploy(
                tomcat,
                "/custom",
                webAppDir(webXml(
                        configured(
                                "pagent.variables.json-header", "X-Shop-Vars",
                                "pagent.filter.url-patterns", "/track, /api/*",
                                "pagent.filter.script-path", "/js/pagent.js"),
                        "")));

        Http.Reply custom = Http.get(uri("/custom/track"), "X-Shop-Vars", A.toJson());
        Http.Reply standard = Http.get(uri("/custom/track"), "X-Pagent-Variables", A.toJson());
        int script = Http.get(uri("/custom/js/pagent.js")).status();
        undeploy(tomcat, app);

        assertThat(custom.get("tracked")).isEqualTo("true");
        assertThat(standard.get("tracked")).isEqualTo("false");
        assertThat(script).isEqualTo(200);
    }

    @Test
    void aFilterDeclaredInWebXmlIsNotInstalledTwice() {
        String declared = "  <filter><filter-name>pagent</filter-name><filter-class>" + PagentFilter.class.getName()
                + "</filter-class><async-supported>true</async-supported><init-param><param-name>script-path"
                + "</param-name><param-value>/js/p.js</param-value></init-param></filter>\n"
                + "  <filter-mapping><filter-name>pagent</filter-name><url-pattern>/*</url-pattern></filter-mapping>\n";
        StandardContext app = deploy(tomcat, "/declared", webAppDir(webXml(configured(), declared)));

        int declaredScript = Http.get(uri("/declared/js/p.js")).status();
        int defaultScript = Http.get(uri("/declared/_pagent/forward.js")).status();
        Http.Reply r = Http.get(uri("/declared/track"), "X-Pagent-Variables", A.toJson());
        undeploy(tomcat, app);

        assertThat(declaredScript).isEqualTo(200);
        assertThat(defaultScript).isEqualTo(404);
        assertThat(r.get("tracked")).isEqualTo("true");
    }

    @Test
    void aDeclaredListenerWithoutAKeyStopsTheWebAppFromStarting() {
        assumeThat(System.getenv("PAGENT_API_KEY"))
                .as("PAGENT_API_KEY is set here")
                .isNull();
        String listener = "  <listener><listener-class>" + PagentContextListener.class.getName()
                + "</listener-class></listener>\n";
        StandardContext app = null;
        try {
            app = deploy(tomcat, "/nokey", webAppDir(webXml(params(), listener)));
        } catch (IllegalStateException e) {
            // Tomcat reports the failed start here; the context is left FAILED
        }
        StandardContext failed =
                app != null ? app : (StandardContext) tomcat.getHost().findChild("/nokey");
        try {
            assertThat(failed.getState().isAvailable()).isFalse();
        } finally {
            tomcat.getHost().removeChild(failed);
        }
    }
}
