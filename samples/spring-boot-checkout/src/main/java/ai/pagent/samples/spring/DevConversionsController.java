package ai.pagent.samples.spring;

import ai.pagent.PagentClient;
import ai.pagent.samples.shop.LocalIngest;
import ai.pagent.samples.shop.ShopPages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The local ingest's dev page; exists only when the sample runs without an API key. */
@RestController
@ConditionalOnBean(LocalIngest.class)
class DevConversionsController {
    private final LocalIngest local;
    private final PagentClient client;

    DevConversionsController(LocalIngest local, PagentClient client) {
        this.local = local;
        this.client = client;
    }

    @GetMapping(path = ShopPages.DEV_CONVERSIONS, produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> conversions() {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(local.devPage(client));
    }
}
