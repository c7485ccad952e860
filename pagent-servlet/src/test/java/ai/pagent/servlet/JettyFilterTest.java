package ai.pagent.servlet;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JettyFilterTest extends FilterContract {
    @Override
    WebApp start(TestApp app) {
        return JettyWebApp.start(app);
    }

    @Test
    void runsWithoutTomcatOnTheClasspath() {
        assertThatThrownBy(() -> Class.forName("org.apache.catalina.startup.Tomcat"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
