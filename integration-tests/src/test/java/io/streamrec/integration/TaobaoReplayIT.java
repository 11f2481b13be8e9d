package io.streamrec.integration;

import io.streamrec.connectors.datasets.DatasetFormat;

/**
 * The Taobao UserBehavior sample (time-ordered, 110,300 rows over about two hours) replayed into
 * the recommend job through Kafka. Only its first {@value #EVENTS} events are sent, to keep the run
 * at about a minute on two cores; they cover the first minutes of the sample.
 */
class TaobaoReplayIT extends DatasetReplayChecks {

    private static final int EVENTS = 20_000;

    @Override
    String samplePath() {
        return "taobao-userbehavior/UserBehavior_head110k_timeordered.csv.gz";
    }

    @Override
    DatasetFormat format() {
        return DatasetFormat.TAOBAO;
    }

    @Override
    int maxEvents() {
        return EVENTS;
    }
}
