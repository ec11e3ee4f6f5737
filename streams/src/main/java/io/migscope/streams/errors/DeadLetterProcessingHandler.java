package io.migscope.streams.errors;

import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A record that makes a processor throw goes to the dead-letter topic; the application keeps running (KIP-1033). */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);
    private final DeadLetterRouter router = new DeadLetterRouter();

    @Override
    public void configure(Map<String, ?> configs) {
        router.configure(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext ctx, Record<?, ?> record, Exception error) {
        LOG.warn("processor {} failed on {}-{}@{}; record sent to the dead-letter topic", ctx.processorNodeId(),
                ctx.topic(), ctx.partition(), ctx.offset(), error);
        return Response.resume(router.route(ctx, "process", error));
    }
}
