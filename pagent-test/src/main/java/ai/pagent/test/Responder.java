package ai.pagent.test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Decides the answer to each request, in the order a real deployment would meet it: the path and
 * method, then a proxy's body size limit, then an outage, then the next queued fault, then the rate
 * bound, then the {@link RequestContract}, the poison predicate and {@code acceptFewer}. A queued
 * delay or drip changes how the answer is written, not what it says.
 */
final class Responder {

    private final RequestContract contract;
    private final Faults faults;
    private final Recorder recorder;

    Responder(RequestContract contract, Faults faults, Recorder recorder) {
        this.contract = contract;
        this.faults = faults;
        this.recorder = recorder;
    }

    Answer answer(String method, @Nullable String path, Map<String, List<String>> headers, byte[] body) {
        boolean conversions = RequestContract.servesPath(path);
        String methodError = RequestContract.checkMethod(method);
        Faults.Draw draw = faults.draw(conversions && methodError == null, body.length);
        Duration delay = draw.latency();
        String pathError = RequestContract.checkPath(path);
        if (pathError != null) {
            return Answer.error(404, pathError, delay, 0);
        }
        if (methodError != null) {
            return Answer.error(405, methodError, delay, 0).withHeader("Allow", "POST");
        }
        if (body.length > draw.maxRequestBytes()) {
            return Answer.error(
                    413,
                    "request body of " + body.length + " bytes exceeds the limit of " + draw.maxRequestBytes()
                            + " bytes",
                    delay,
                    count(body));
        }
        if (draw.outageStatus() != 0) {
            return Answer.error(
                    draw.outageStatus(), "outage: " + Faults.failureMessage(draw.outageStatus()), delay, count(body));
        }
        Fault fault = draw.fault();
        if (fault instanceof Fault.Delay d) {
            delay = delay.plus(d.delay());
        } else if (fault instanceof Fault.Fail f) {
            return Answer.error(f.status(), Faults.failureMessage(f.status()), delay, count(body));
        } else if (fault instanceof Fault.RateLimit r) {
            return Answer.error(429, "rate limit exceeded", delay, count(body))
                    .withRetryAfter(r.retryAfter(), r.httpDateIn());
        } else if (fault instanceof Fault.Drop) {
            return Answer.dropped(delay, count(body));
        }
        RequestRate rate = draw.rate();
        if (rate != null && !rate.tryAdmit()) {
            Duration retryAfter = draw.rateRetryAfter();
            return Answer.error(429, "rate limit exceeded: more requests per second than allowed", delay, count(body))
                    .withRetryAfter(
                            retryAfter == null ? null : String.valueOf(FakeIngest.ceilSeconds(retryAfter)), null);
        }
        Answer answer = checked(headers, body, delay, draw.poison());
        return fault instanceof Fault.Drip drip ? answer.dripping(drip.perByte()) : answer;
    }

    private Answer checked(
            Map<String, List<String>> headers, byte[] body, Duration delay, @Nullable Predicate<ReceivedEvent> poison) {
        String authError = contract.checkAuthorization(headers.get("Authorization"));
        if (authError != null) {
            return Answer.error(401, authError, delay, count(body));
        }
        String typeError = RequestContract.checkContentType(headers.get("Content-Type"));
        if (typeError != null) {
            return Answer.error(400, typeError, delay, count(body));
        }
        boolean keep = recorder.keepsEvents();
        BatchParser.Batch batch = RequestContract.checkBody(body, keep || poison != null);
        if (batch.error() != null) {
            return Answer.error(400, batch.error(), delay, batch.eventCount());
        }
        if (poison != null) {
            for (int i = 0; i < batch.events().size(); i++) {
                ReceivedEvent e = batch.events().get(i);
                boolean poisoned;
                try {
                    poisoned = poison.test(e);
                } catch (RuntimeException failure) {
                    return Answer.error(500, "the rejectEvents predicate threw " + failure, delay, batch.eventCount());
                }
                if (poisoned) {
                    return Answer.error(
                            400,
                            "events[" + i + "]: rejected by the test's poison predicate (conversion_id "
                                    + e.conversionId() + ")",
                            delay,
                            batch.eventCount());
                }
            }
        }
        int accepted = faults.takeAccepted(batch.eventCount());
        List<ReceivedEvent> kept = keep ? batch.events().subList(0, accepted) : List.of();
        return new Answer(
                200,
                JsonBodies.accepted(accepted),
                Map.of(),
                null,
                null,
                delay,
                null,
                batch.eventCount(),
                accepted,
                kept);
    }

    private static int count(byte[] body) {
        return BatchParser.parse(body, false).eventCount();
    }
}
