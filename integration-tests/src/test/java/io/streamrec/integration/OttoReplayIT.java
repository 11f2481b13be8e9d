package io.streamrec.integration;

import io.streamrec.connectors.datasets.DatasetFormat;

/**
 * All 862 events of the OTTO sample's first 20 sessions (one session is one user) replayed into the
 * recommend job through Kafka, in event-time order.
 */
class OttoReplayIT extends DatasetReplayChecks {

    @Override
    String samplePath() {
        return "otto-recsys2022/train_first20sessions.jsonl";
    }

    @Override
    DatasetFormat format() {
        return DatasetFormat.OTTO;
    }

    @Override
    int maxEvents() {
        return 0;
    }

    /** Returns false: every session's first item shares a session with another item in the sample. */
    @Override
    boolean sampleHasUnpairedNewUsers() {
        return false;
    }
}
