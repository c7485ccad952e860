package ai.pagent.samples.spring;

import ai.pagent.PagentClient;
import ai.pagent.samples.shop.LocalIngest;
import java.net.URI;
import java.util.Optional;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The sample started as its {@code main} would, on a free port, with extra arguments. */
final class RunningShop implements AutoCloseable {
    final ConfigurableApplicationContext context;

    private RunningShop(ConfigurableApplicationContext context) {
        this.context = context;
    }

    static RunningShop start(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--server.port=0";
        System.arraycopy(args, 0, all, 1, args.length);
        return new RunningShop(new SpringApplicationBuilder(SpringBootCheckout.class).run(all));
    }

    URI uri() {
        return LocalIngestInitializer.shopUri(context);
    }

    PagentClient client() {
        return context.getBean(PagentClient.class);
    }

    Optional<LocalIngest> localIngest() {
        return context.getBeanProvider(LocalIngest.class).stream().findFirst();
    }

    @Override
    public void close() {
        context.close();
    }
}
