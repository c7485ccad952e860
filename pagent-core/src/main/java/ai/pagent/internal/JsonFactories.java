package ai.pagent.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;

/**
 * The one Jackson factory of pagent-core, apart from the types it reads and writes, so that the
 * helpers of {@code PagentVariables} and {@code Conversion} can share it without depending on
 * {@link WireFormat} (which knows {@code Conversion}).
 */
final class JsonFactories {
    /** Shared by everything in core that reads or writes JSON; thread-safe once built. */
    static final JsonFactory SHARED = JsonFactory.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            // field names of untrusted input (header JSON) must not end up in the JVM's string table
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            // A pool owned by this factory, not Jackson's default per-thread one: buffers left in
            // ThreadLocals of a container's request threads would pin a web app's class loader.
            .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
            .build();

    private JsonFactories() {}
}
