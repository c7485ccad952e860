package ai.pagent.servlet;

import static ai.pagent.servlet.TomcatDeployments.deploy;
import static ai.pagent.servlet.TomcatDeployments.params;
import static ai.pagent.servlet.TomcatDeployments.undeploy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.pagent.PagentVariables;
import ai.pagent.test.FakeIngest;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;

/**
 * Deploys and undeploys a self-contained web app (pagent in its WEB-INF) on a running Tomcat, as
 * a redeploy does: each undeploy must leave no pagent thread, and every web app class loader must
 * become collectable.
 */
class TomcatRedeployTest {
    static final int DEPLOYS = 3;
    static final PagentVariables V =
            PagentVariables.of("s-redeploy", "u-redeploy", null, "7d444840-9dc0-11d1-b245-5ffdce74fad2");

    @Test
    void redeployingLeavesNoThreadAndNoClassLoaderBehind() throws LifecycleException {
        Tomcat tomcat = TomcatWebApp.newTomcat();
        tomcat.start();
        try (FakeIngest ingest = FakeIngest.start()) {
            Path dir = TomcatDeployments.selfContainedWebAppDir(TomcatDeployments.webXml(
                    params(
                            "pagent.api-key",
                            ingest.apiKey(),
                            "pagent.endpoint",
                            ingest.endpoint().toString()),
                    ""));
            List<WeakReference<ClassLoader>> loaders = new ArrayList<>();

            for (int i = 1; i <= DEPLOYS; i++) {
                loaders.add(deployTrackAndUndeploy(tomcat, dir));

                assertThat(ingest.awaitEvents(i, Duration.ofSeconds(10))).hasSize(i);
                assertThat(TomcatDeployments.liveThreads("pagent-")).isEmpty();
            }

            // OkHttp's "OkHttp TaskRunner" and Okio's "Okio Watchdog" threads (web app classes: okhttp and
            // okio are in WEB-INF/lib) end only after 60 s idle, whatever close() does; until then they
            // keep the loader. Soft references (thread-local buffer caches on container threads) are
            // cleared at every GC in this JVM: -XX:SoftRefLRUPolicyMSPerMB=0 in the pom.
            await("every web app class loader is collected")
                    .atMost(Duration.ofSeconds(100))
                    .pollDelay(Duration.ofSeconds(1))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        System.gc();
                        return loaders.stream().allMatch(ref -> ref.get() == null);
                    });
        } finally {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    /** In its own frame so that nothing on the test's stack keeps the context or its loader. */
    private static WeakReference<ClassLoader> deployTrackAndUndeploy(Tomcat tomcat, Path dir) {
        StandardContext app = deploy(tomcat, "/shop", dir);
        URI track = URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/shop/track");

        Http.Reply r = Http.get(track, "X-Pagent-Variables", V.toJson());

        assertThat(r.get("tracked")).isEqualTo("true");
        assertThat(r.get("pagent-from-webapp"))
                .as("pagent is loaded by the web app's class loader")
                .isEqualTo("true");
        WeakReference<ClassLoader> loader = new WeakReference<>(app.getLoader().getClassLoader());
        undeploy(tomcat, app);
        return loader;
    }
}
