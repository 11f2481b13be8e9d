package io.streamrec.jobs.recommend;

import io.streamrec.connectors.codec.DecodeResult;
import io.streamrec.connectors.codec.EventDecoder;
import io.streamrec.connectors.codec.RawRecord;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;

/**
 * Reads the event time out of a raw Kafka record inside the source, so that the Kafka source can
 * generate watermarks per partition. A record that does not decode gets {@link Long#MIN_VALUE},
 * which never advances a watermark; the parse step sends it to the dead-letter output.
 *
 * <p>NOTE: this decodes every record once more than the parse step does. Per-partition
 * watermarks need the event time inside the source, before any operator sees the record.
 */
public final class RawEventTimeAssigner implements SerializableTimestampAssigner<RawRecord> {

    private static final long serialVersionUID = 1L;

    private final EventDecoder decoder;

    public RawEventTimeAssigner(EventDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public long extractTimestamp(RawRecord record, long recordTimestamp) {
        DecodeResult result = decoder.decode(record);
        return result.isValid() ? result.event().getEventTime().toEpochMilli() : Long.MIN_VALUE;
    }
}
