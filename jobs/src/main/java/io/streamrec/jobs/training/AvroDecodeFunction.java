package io.streamrec.jobs.training;

import io.streamrec.connectors.codec.AvroCodec;
import io.streamrec.connectors.codec.EventDecoder;
import io.streamrec.connectors.codec.RawRecord;
import io.streamrec.connectors.codec.RejectReason;
import io.streamrec.schemas.RejectedEvent;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.io.IOException;

/**
 * Decodes the Avro value of each Kafka record into a generated record of type {@code T}. A record
 * that does not decode is counted in {@link #UNDECODABLE_RECORDS} and sent to the {@link #REJECTED}
 * side output with reason UNDECODABLE, never failing the job. One record in, at most one out, in
 * order; it keeps no state.
 */
public final class AvroDecodeFunction<T extends SpecificRecord> extends ProcessFunction<RawRecord, T> {

    private static final long serialVersionUID = 1L;

    /** Side output of the records that did not decode. */
    public static final OutputTag<RejectedEvent> REJECTED =
            new OutputTag<>("undecodable-records", TypeInformation.of(RejectedEvent.class));

    /** Counter of records that did not decode. */
    public static final String UNDECODABLE_RECORDS = "undecodableRecords";

    private final Class<T> type;

    private transient AvroCodec<T> codec;
    private transient Counter undecodable;

    public AvroDecodeFunction(Class<T> type) {
        this.type = type;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = AvroCodec.of(type);
        undecodable = getRuntimeContext().getMetricGroup().counter(UNDECODABLE_RECORDS);
    }

    @Override
    public void processElement(RawRecord record, Context ctx, Collector<T> out) {
        if (record.value == null || record.value.length == 0) {
            reject(record, "record value is empty", ctx);
            return;
        }
        try {
            out.collect(codec.decode(record.value));
        } catch (IOException | RuntimeException e) {
            reject(record, "not a " + type.getSimpleName() + " record: " + e, ctx);
        }
    }

    private void reject(RawRecord record, String detail, Context ctx) {
        undecodable.inc();
        ctx.output(REJECTED, EventDecoder.rejection(
                record, RejectReason.UNDECODABLE, detail, ctx.timerService().currentProcessingTime()));
    }
}
