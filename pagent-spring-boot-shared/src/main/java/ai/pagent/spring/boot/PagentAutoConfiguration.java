package ai.pagent.spring.boot;

import ai.pagent.DeliveryListener;
import ai.pagent.PagentClient;
import ai.pagent.RequestObserver;
import ai.pagent.VariableCarriers;
import ai.pagent.servlet.PagentFilter;
import ai.pagent.spring.ConversionTracker;
import ai.pagent.spring.PagentWebFilter;
import ai.pagent.spring.TrackConversionBeanPostProcessor;
import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of pagent: a {@link PagentClient} from {@code pagent.*} properties (closed on
 * shutdown, delivering what is queued), a {@link ConversionTracker}, {@link
 * ai.pagent.spring.TrackConversion} support, and the filter that reads the browser's variables
 * ({@link PagentFilter} in servlet apps, {@link PagentWebFilter} in WebFlux apps). A user-defined
 * bean of any of these types replaces the one configured here; {@code pagent.enabled=false} turns
 * all of it off. With {@code pagent.spool.directory} the client keeps every event in that
 * directory too, and a restarted application sends what the last one could not deliver.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "pagent.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PagentProperties.class)
public final class PagentAutoConfiguration {
    @Bean
    @ConditionalOnMissingBean
    PagentClient pagentClient(
            PagentProperties properties,
            Environment environment,
            ObjectProvider<DeliveryListener> listener,
            ObjectProvider<RequestObserver> requestObserver) {
        PagentClient.Builder builder = PagentClientSettings.builder(properties, environment);
        PagentProperties.Spool spool = properties.getSpool();
        Path spoolDirectory = spool.directoryPath();
        if (spoolDirectory != null) {
            builder.spool(spoolDirectory).spoolFsyncInterval(spool.getFsyncInterval());
            Long spoolMaxBytes = spool.getMaxBytes();
            if (spoolMaxBytes != null) {
                builder.spoolMaxBytes(spoolMaxBytes);
            }
        }
        listener.ifUnique(builder::listener);
        requestObserver.ifUnique(builder::requestObserver); // the pagent.requests timer, with Micrometer
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    ConversionTracker conversionTracker(PagentClient client, PagentProperties properties) {
        return ConversionTracker.builder(client).goals(properties.getGoals()).build();
    }

    @Bean
    @ConditionalOnMissingBean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    static TrackConversionBeanPostProcessor trackConversionBeanPostProcessor() {
        return new TrackConversionBeanPostProcessor();
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass({PagentFilter.class, FilterRegistrationBean.class})
    @ConditionalOnBooleanProperty(name = "pagent.filter.enabled", matchIfMissing = true)
    static final class ServletFilterConfiguration {
        @Bean
        @ConditionalOnMissingBean(name = "pagentFilterRegistration")
        FilterRegistrationBean<PagentFilter> pagentFilterRegistration(PagentProperties properties) {
            List<String> patterns = properties.getFilter().getUrlPatterns();
            String scriptPath = properties.getFilter().getScriptPath().strip();
            PagentFilter.Builder builder = PagentFilter.builder()
                    .carriers(properties.getVariables().carriers())
                    .urlPatterns(patterns);
            PagentFilter filter = scriptPath.isEmpty()
                    ? builder.serveScript(false).build()
                    : builder.scriptPath(scriptPath).build();
            FilterRegistrationBean<PagentFilter> registration = new FilterRegistrationBean<>(filter);
            registration.setName(PagentFilter.DEFAULT_NAME);
            registration.setOrder(properties.getFilter().getOrder());
            registration.setAsyncSupported(true);
            registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ASYNC);
            List<String> mapping = new ArrayList<>(patterns);
            if (!scriptPath.isEmpty() && !mapping.contains("/*")) {
                // The filter serves the browser helper script itself, so it must see that path too.
                mapping.add(scriptPath);
            }
            registration.setUrlPatterns(mapping);
            return registration;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(name = "org.springframework.web.server.WebFilter")
    @ConditionalOnBooleanProperty(name = "pagent.filter.enabled", matchIfMissing = true)
    static final class ReactiveFilterConfiguration {
        @Bean
        @ConditionalOnMissingBean
        PagentWebFilter pagentWebFilter(PagentProperties properties) {
            VariableCarriers carriers = properties.getVariables().carriers();
            return new PagentWebFilter(
                    carriers,
                    properties.getFilter().getOrder(),
                    properties.getFilter().getScriptPath().strip());
        }
    }
}
