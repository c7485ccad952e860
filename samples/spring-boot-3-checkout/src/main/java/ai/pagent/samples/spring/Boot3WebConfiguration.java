package ai.pagent.samples.spring;

import ai.pagent.samples.shop.ShopPages;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Receipts as HTML for the form checkout, on Spring Framework 6.2: the sample's {@code
 * WebConfiguration} uses the converter builder that Spring Framework 7 introduced.
 */
@Configuration(proxyBeanMethods = false)
class Boot3WebConfiguration implements WebMvcConfigurer {
    private final ShopPages pages;

    Boot3WebConfiguration(ShopPages pages) {
        this.pages = pages;
    }

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        converters.add(0, new ReceiptHtmlConverter(pages));
    }
}
