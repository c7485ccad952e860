package ai.pagent.samples.spring;

import ai.pagent.samples.shop.ShopPages;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Receipts as HTML for the form checkout. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {
    private final ShopPages pages;

    WebConfiguration(ShopPages pages) {
        this.pages = pages;
    }

    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        builder.addCustomConverter(new ReceiptHtmlConverter(pages));
    }
}
