package ai.pagent.servlet;

import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

class TomcatJunkTest extends JunkContract {
    @BeforeContainer
    static void start() {
        app = TomcatWebApp.start(TestApp.with(FILTER));
    }

    @AfterContainer
    static void stop() {
        app.close();
    }
}
