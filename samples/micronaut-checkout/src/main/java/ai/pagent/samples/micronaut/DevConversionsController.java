package ai.pagent.samples.micronaut;

import ai.pagent.PagentClient;
import ai.pagent.samples.shop.LocalIngest;
import ai.pagent.samples.shop.ShopPages;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** The local ingest's dev page; exists only when the sample runs without an API key. */
@Controller
@Requires(beans = LocalIngest.class)
class DevConversionsController {
    private final LocalIngest local;
    private final PagentClient client;

    DevConversionsController(LocalIngest local, PagentClient client) {
        this.local = local;
        this.client = client;
    }

    @Get(uri = ShopPages.DEV_CONVERSIONS, produces = MediaType.TEXT_HTML)
    HttpResponse<String> conversions() {
        return HttpResponse.ok(local.devPage(client)).header("Cache-Control", "no-store");
    }
}
