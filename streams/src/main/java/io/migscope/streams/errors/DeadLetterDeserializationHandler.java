package io.migscope.streams.errors;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A record the serde cannot read (wrong magic byte, unknown schema id, truncated Avro) goes to the dead-letter topic. */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
    private final DeadLetterRouter router = new DeadLetterRouter();

    @Override
    public void configure(Map<String, ?> configs) {
        router.configure(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext ctx, ConsumerRecord<byte[], byte[]> record, Exception error) {
        LOG.warn("unreadable record {}-{}@{} sent to the dead-letter topic: {}", ctx.topic(), ctx.partition(),
                ctx.offset(), error.getMessage());
        return Response.resume(router.route(ctx, "deserialize", error));
    }
}
