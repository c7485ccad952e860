package ai.pagent.spring.boot;

import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;

/** Spring Boot 4's classes that the shared tests name and that the other line keeps elsewhere. */
final class SpringBootLineClasses {
    /** The DataSource and its transaction manager (Spring Boot 3 keeps them in org.springframework.boot.autoconfigure.jdbc). */
    static final Class<?>[] DATA_SOURCE_AUTO_CONFIGURATIONS = {
        DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class
    };

    /** Micrometer's registry, a simple one (Spring Boot 3 keeps them in org.springframework.boot.actuate.autoconfigure.metrics). */
    static final Class<?>[] METRICS_AUTO_CONFIGURATIONS = {
        MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class
    };

    private SpringBootLineClasses() {}
}
