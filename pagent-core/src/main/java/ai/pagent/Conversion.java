package ai.pagent;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/** SKELETON: the public shape; the validating implementation replaces this body. */
public final class Conversion {
    private final String sessionId;
    private final String userId;
    private final String conversionId;
    private final @Nullable String label;
    private final long revenueCents;
    private final boolean hasRevenue;
    private final @Nullable Object properties;
    private final long timeMillis;

    private Conversion(Builder b) {
        this.sessionId = b.sessionId;
        this.userId = b.userId;
        this.conversionId = b.conversionId;
        this.label = b.label;
        this.revenueCents = b.revenueCents;
        this.hasRevenue = b.hasRevenue;
        this.properties = b.properties;
        this.timeMillis = b.timeMillis;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String sessionId() {
        return sessionId;
    }

    public String userId() {
        return userId;
    }

    public String conversionId() {
        return conversionId;
    }

    public Optional<String> label() {
        return Optional.ofNullable(label);
    }

    public OptionalLong revenueCents() {
        return hasRevenue ? OptionalLong.of(revenueCents) : OptionalLong.empty();
    }

    /** An unmodifiable {@code Map<String, ?>} or {@code List<Map<String, ?>>}, when given. */
    public Optional<Object> properties() {
        return Optional.ofNullable(properties);
    }

    public Instant time() {
        return Instant.ofEpochMilli(timeMillis);
    }

    public long timeMillis() {
        return timeMillis;
    }

    public static final class Builder {
        private String sessionId = "";
        private String userId = "";
        private String conversionId = "";
        private @Nullable String label;
        private long revenueCents;
        private boolean hasRevenue;
        private @Nullable Object properties;
        private long timeMillis;

        private Builder() {}

        public Builder sessionId(String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        public Builder userId(String userId) {
            this.userId = userId;
            return this;
        }

        public Builder conversionId(String conversionId) {
            this.conversionId = conversionId;
            return this;
        }

        public Builder label(@Nullable String label) {
            this.label = label;
            return this;
        }

        public Builder revenueCents(long cents) {
            this.revenueCents = cents;
            this.hasRevenue = true;
            return this;
        }

        public Builder revenue(BigDecimal amount) {
            return revenueCents(amount.movePointRight(2).longValueExact());
        }

        public Builder properties(Map<String, ?> properties) {
            this.properties = properties;
            return this;
        }

        public Builder properties(List<? extends Map<String, ?>> properties) {
            this.properties = properties;
            return this;
        }

        public Builder time(Instant time) {
            this.timeMillis = time.toEpochMilli();
            return this;
        }

        public Conversion build() {
            if (timeMillis == 0) {
                timeMillis = System.currentTimeMillis();
            }
            return new Conversion(this);
        }
    }
}
