package ai.pagent.micronaut;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.sql.SQLException;

/** The checkout over HTTP, on Micronaut's blocking executor as JDBC code runs. */
@Controller("/outbox")
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(property = "test.outbox", value = "true")
class OutboxController {
    private final OutboxCheckout checkout;

    OutboxController(OutboxCheckout checkout) {
        this.checkout = checkout;
    }

    @Post("/checkout")
    String checkout(@QueryValue long cents, @QueryValue(defaultValue = "false") boolean rollback) throws SQLException {
        return String.valueOf(checkout.checkout(cents, rollback));
    }

    @Post("/no-transaction")
    String withoutTransaction(@QueryValue long cents) {
        return String.valueOf(checkout.checkoutWithoutTransaction(cents));
    }

    @Post("/read-only")
    String readOnly(@QueryValue long cents) {
        return String.valueOf(checkout.readOnlyCheckout(cents));
    }

    @Post("/track")
    String track(@QueryValue long cents, @QueryValue(defaultValue = "false") boolean fail) throws SQLException {
        long[] seen = checkout.trackFromCode(cents, fail);
        return seen[0] + "," + seen[1];
    }
}
