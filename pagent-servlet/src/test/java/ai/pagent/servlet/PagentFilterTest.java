package ai.pagent.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.pagent.VariableCarriers;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.UnavailableException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class PagentFilterTest {
    static FilterConfig initParameters(Map<String, String> parameters) {
        return new FilterConfig() {
            @Override
            public String getFilterName() {
                return "pagent";
            }

            @Override
            public @Nullable ServletContext getServletContext() {
                return null;
            }

            @Override
            public @Nullable String getInitParameter(String name) {
                return parameters.get(name);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(parameters.keySet());
            }
        };
    }

    @Test
    void defaultsMatchTheDesign() {
        PagentFilter filter = new PagentFilter();

        assertThat(filter.carriers()).isEqualTo(VariableCarriers.defaults());
        assertThat(filter.urlPatterns()).containsExactly("/*");
        assertThat(filter.stats()).isEqualTo(new PagentFilter.Stats(0, 0, 0));
        assertThat(filter.toString()).contains("/_pagent/forward.js");
    }

    @Test
    void builderRejectsAnInvalidUrlPattern() {
        assertThatThrownBy(() -> PagentFilter.builder().urlPatterns("/a/*/b").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("urlPatterns")
                .hasMessageContaining("/a/*/b");
    }

    @Test
    void builderRejectsAScriptPathThatIsNotAPath() {
        assertThatThrownBy(() -> PagentFilter.builder().scriptPath("forward.js").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scriptPath");
    }

    @Test
    void initParametersOverrideTheBuilder() throws Exception {
        PagentFilter filter = PagentFilter.builder().urlPatterns("/a/*").build();

        filter.init(initParameters(Map.of("url-patterns", "/b/*, *.do", "variables.session-id-header", "X-Sid")));

        assertThat(filter.urlPatterns()).containsExactly("/b/*", "*.do");
        assertThat(filter.carriers().sessionIdHeader()).isEqualTo("X-Sid");
        assertThat(filter.carriers().jsonHeader()).isEqualTo("X-Pagent-Variables");
    }

    @Test
    void invalidInitParametersMakeTheFilterUnavailableNamingTheParameter() {
        PagentFilter filter = new PagentFilter();

        assertThatThrownBy(() -> filter.init(initParameters(Map.of("variables.json-header", "X Bad"))))
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining("variables.")
                .hasMessageContaining("jsonHeader");
        assertThatThrownBy(() -> filter.init(initParameters(Map.of("serve-script", "maybe"))))
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining("serve-script");
    }
}
