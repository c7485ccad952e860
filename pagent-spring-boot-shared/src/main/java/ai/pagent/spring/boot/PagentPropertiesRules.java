package ai.pagent.spring.boot;

import java.nio.file.InvalidPathException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.validation.Errors;

/**
 * The rules of the {@code pagent.*} values, checked at startup by {@link
 * PagentProperties#validate}: each broken one is rejected on the property it concerns, with the
 * rule, so that binding fails with every bad value named at once.
 */
final class PagentPropertiesRules {
    /** Smallest spool.max-bytes the client accepts: 256 KiB. */
    static final long MIN_SPOOL_MAX_BYTES = 256 * 1024;

    /** Shortest relay lease: leases are renewed every third of it. */
    static final Duration MIN_LEASE = Duration.ofMillis(300);

    private PagentPropertiesRules() {}

    static void check(PagentProperties p, Errors errors) {
        PagentProperties.Batch batch = p.getBatch();
        if (batch.getMaxSize() < 1 || batch.getMaxSize() > 100) {
            errors.rejectValue("batch.maxSize", "range", "must be between 1 and 100 (pagent's limit per request)");
        }
        positive(errors, "batch.flushInterval", batch.getFlushInterval());
        atLeastOne(errors, "queue.capacity", p.getQueue().getCapacity());
        http(p.getHttp(), errors);
        PagentProperties.Retry retry = p.getRetry();
        atLeastOne(errors, "retry.maxAttempts", retry.getMaxAttempts());
        positive(errors, "retry.initialBackoff", retry.getInitialBackoff());
        positive(errors, "retry.maxBackoff", retry.getMaxBackoff());
        positive(errors, "shutdownTimeout", p.getShutdownTimeout());
        spool(p.getSpool(), errors);
        outbox(p.getOutbox(), errors);
        p.getGoals().forEach((goal, id) -> {
            if (!isUuid(id)) {
                errors.rejectValue("goals[" + goal + "]", "uuid", "must be a UUID (the goal's conversion id)");
            }
        });
        try {
            p.getVariables().carriers();
        } catch (IllegalArgumentException e) {
            errors.rejectValue("variables", "carriers", e.getMessage());
        }
        List<String> urlPatterns = p.getFilter().getUrlPatterns();
        for (int i = 0; i < urlPatterns.size(); i++) {
            String pattern = urlPatterns.get(i);
            if (pattern == null || !(pattern.startsWith("/") || pattern.startsWith("*."))) {
                errors.rejectValue(
                        "filter.urlPatterns[" + i + "]", "pattern", "must be a servlet URL pattern (/… or *.ext)");
            }
        }
    }

    private static void http(PagentProperties.Http http, Errors errors) {
        positive(errors, "http.connectTimeout", http.getConnectTimeout());
        positive(errors, "http.readTimeout", http.getReadTimeout());
        atLeastOne(errors, "http.maxInFlight", http.getMaxInFlight());
        Integer inFlightLimit = http.getMaxInFlightLimit();
        if (inFlightLimit != null && (inFlightLimit < http.getMaxInFlight() || inFlightLimit > 64)) {
            errors.rejectValue(
                    "http.maxInFlightLimit",
                    "range",
                    "must be between pagent.http.max-in-flight (" + http.getMaxInFlight() + ") and 64");
        }
    }

    private static void spool(PagentProperties.Spool spool, Errors errors) {
        try {
            spool.directoryPath();
        } catch (InvalidPathException e) {
            errors.rejectValue("spool.directory", "path", "must be a file system path (" + e.getReason() + ")");
        }
        Long maxBytes = spool.getMaxBytes();
        if (maxBytes != null && maxBytes < MIN_SPOOL_MAX_BYTES) {
            errors.rejectValue("spool.maxBytes", "range", "must be at least 262144 (256 KiB)");
        }
        Duration fsyncInterval = spool.getFsyncInterval();
        if (fsyncInterval == null || fsyncInterval.isNegative() || fsyncInterval.compareTo(Duration.ofMinutes(1)) > 0) {
            errors.rejectValue("spool.fsyncInterval", "range", "must be between 0 and 1 minute");
        }
    }

    private static void outbox(PagentProperties.Outbox outbox, Errors errors) {
        positive(errors, "outbox.backlogInterval", outbox.getBacklogInterval());
        PagentProperties.Outbox.Relay relay = outbox.getRelay();
        positive(errors, "outbox.relay.pollInterval", relay.getPollInterval());
        Duration lease = relay.getLeaseDuration();
        if (lease == null || lease.compareTo(MIN_LEASE) < 0) {
            errors.rejectValue(
                    "outbox.relay.leaseDuration",
                    "range",
                    "must be at least 300ms (leases are renewed every third of it)");
        }
    }

    private static void positive(Errors errors, String field, @Nullable Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            errors.rejectValue(field, "positive", "must be a positive duration");
        }
    }

    private static void atLeastOne(Errors errors, String field, int value) {
        if (value < 1) {
            errors.rejectValue(field, "positive", "must be at least 1");
        }
    }

    static boolean isUuid(@Nullable String id) {
        if (id == null || id.length() != 36) {
            return false;
        }
        try {
            UUID.fromString(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
