package ai.pagent.spring.boot;

import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;

/** Spring Boot 3.5's classes that the shared tests name and that the other line keeps elsewhere. */
final class SpringBootLineClasses {
    /** The DataSource and its transaction manager (Spring Boot 4 moved them to org.springframework.boot.jdbc.autoconfigure). */
    static final Class<?>[] DATA_SOURCE_AUTO_CONFIGURATIONS = {
        DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class
    };

    /** Micrometer's registry, a simple one (Spring Boot 4 moved them to org.springframework.boot.micrometer.metrics.autoconfigure). */
    static final Class<?>[] METRICS_AUTO_CONFIGURATIONS = {
        MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class
    };

    private SpringBootLineClasses() {}
}
