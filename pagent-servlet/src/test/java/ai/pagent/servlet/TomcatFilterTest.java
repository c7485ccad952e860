package ai.pagent.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.Servlet;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;

class TomcatFilterTest extends FilterContract {
    @Override
    WebApp start(TestApp app) {
        return TomcatWebApp.start(app);
    }

    @Test
    void runsWithTomcatsOwnServletApiAndWithoutJetty() {
        assertThatThrownBy(() -> Class.forName("org.eclipse.jetty.ee10.servlet.ServletContextHandler"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(Servlet.class.getProtectionDomain().getCodeSource().getLocation())
                .isEqualTo(Tomcat.class.getProtectionDomain().getCodeSource().getLocation());
    }
}
