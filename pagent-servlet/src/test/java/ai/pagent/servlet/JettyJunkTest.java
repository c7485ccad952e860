package ai.pagent.servlet;

import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

class JettyJunkTest extends JunkContract {
    @BeforeContainer
    static void start() {
        app = JettyWebApp.start(TestApp.with(FILTER));
    }

    @AfterContainer
    static void stop() {
        app.close();
    }
}
